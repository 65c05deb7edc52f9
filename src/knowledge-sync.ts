import type { Redis } from "ioredis";
import { KnowledgeError } from "./knowledge/errors.js";
import type { LiveKnowledge } from "./live-knowledge.js";
import type { Logger } from "./logger.js";

/**
 * How often each instance reads the published version, to catch up on a notification lost
 * while its connection was down: with the notification itself, every instance is in step
 * within this interval plus one reload.
 */
export const SYNC_CHECK_MS = 2_000;

/**
 * How many checks an instance keeps reloading when the folder it sees does not have the
 * published version (a shared volume that shows a change late), before it waits for the next
 * version: half a minute at the default interval, then a reload per check would only burn CPU.
 */
export const SYNC_RETRIES = 15;

/** The first 12 hex digits of a fingerprint: enough to tell versions apart in a log or reply. */
export function shortVersion(fingerprint: string): string {
  return fingerprint.slice(0, 12);
}

/** What the sync reports besides its log lines (the admins are told about refusals). */
export interface SyncListener {
  /** The published version did not validate here; the previous knowledge keeps serving. */
  refused(problem: string, reason: string): void;
  /** A reload succeeded. */
  reloaded(): void;
}

/** Options of {@link KnowledgeSync}. */
export interface SyncOptions {
  /** A connection for commands (the app's); the subscription gets its own. */
  readonly redis: Redis;
  /** REDIS_PREFIX: the version key and the channel live under it. */
  readonly prefix: string;
  readonly logger: Logger;
  readonly listener?: SyncListener;
  readonly checkMs?: number;
  readonly retries?: number;
}

/**
 * Keeps the knowledge of every instance sharing one Redis in step. The documents live on a
 * volume all instances mount (KNOWLEDGE_DIR); Redis carries only the knowledge's version (its
 * fingerprint). A change made through one instance (an import, a removal, /reload) is
 * {@link announce}d: the version key `PREFIX knowledge:version` is set and the version is
 * published on `PREFIX knowledge:changed`. Every instance reloads its folder on the message,
 * and also reads the key every {@link SYNC_CHECK_MS}, which covers messages lost while its
 * connection was down. An instance whose reload gives another fingerprint (the volume has not
 * shown it the change yet) tries again at the next check.
 */
export class KnowledgeSync {
  private readonly subscriber: Redis;
  private readonly timer: NodeJS.Timeout;
  /** The published version this instance is following. */
  private target: string | undefined;
  /** Reloads made towards `target`; at {@link SYNC_RETRIES}, it waits for the next announcement. */
  private attempts = 0;
  /** The last reason a reload towards `target` was refused (logged once). */
  private refusal: string | undefined;
  /** A version announced here whose announcement did not reach Redis yet. */
  private unannounced: string | undefined;
  /** The unannounced version already logged (an outage is not logged at every check). */
  private unannouncedLogged: string | undefined;
  private running: Promise<void> | undefined;
  /** What to look at after the running step: a message's version, a check (undefined), or nothing (null). */
  private rerun: string | undefined | null = null;
  private stopped = false;

  private constructor(
    private readonly live: LiveKnowledge,
    private readonly options: SyncOptions,
  ) {
    this.subscriber = options.redis.duplicate({ enableOfflineQueue: true });
    // Its outages are the app connection's outages, logged there once.
    this.subscriber.on("error", () => {});
    this.subscriber.on("message", (channel: string, version: string) => {
      if (channel === this.channel) this.follow(version);
    });
    this.timer = setInterval(() => this.follow(undefined), options.checkMs ?? SYNC_CHECK_MS);
    this.timer.unref();
  }

  /**
   * Subscribes and takes the published version as the starting point: the folder was just
   * loaded, and reloading it at once would give the same knowledge.
   */
  static async start(live: LiveKnowledge, options: SyncOptions): Promise<KnowledgeSync> {
    const sync = new KnowledgeSync(live, options);
    try {
      await sync.subscriber.subscribe(sync.channel);
      sync.target = (await options.redis.get(sync.versionKey)) ?? undefined;
    } catch (error) {
      // The check of the version key every SYNC_CHECK_MS still keeps this instance in step.
      options.logger.warn(
        { error: (error as Error).message },
        "knowledge sync not subscribed; following the version key only",
      );
    }
    const current = live.knowledge.fingerprint;
    if (sync.target !== undefined && sync.target !== current) {
      // Chased only when a newer version is announced (a key left by edits the watchers served
      // would otherwise cost a reload per check for nothing).
      sync.attempts = sync.retriesAllowed;
      options.logger.info(
        { published: shortVersion(sync.target), loaded: shortVersion(current) },
        "knowledge differs from the last announced version; the folder as loaded serves",
      );
    }
    sync.target ??= current;
    return sync;
  }

  private get versionKey(): string {
    return `${this.options.prefix}knowledge:version`;
  }

  private get channel(): string {
    return `${this.options.prefix}knowledge:changed`;
  }

  /**
   * Tells the other instances that this instance's knowledge is the new version. Never throws:
   * when Redis cannot be reached, the announcement is repeated at each check until it can.
   */
  async announce(fingerprint: string): Promise<void> {
    this.target = fingerprint;
    this.attempts = 0;
    this.unannounced = fingerprint;
    await this.publishPending();
  }

  /**
   * Stops checking and closes the subscription. A reload under way is not waited for: a
   * stopping instance has no use for it, and an index build must not eat the shutdown's grace.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.subscriber.disconnect();
  }

  private async publishPending(): Promise<void> {
    const version = this.unannounced;
    if (version === undefined) return;
    try {
      await this.options.redis.set(this.versionKey, version);
      const receivers = await this.options.redis.publish(this.channel, version);
      if (this.unannounced === version) this.unannounced = undefined;
      this.options.logger.info(
        { version: shortVersion(version), receivers },
        "knowledge version announced",
      );
    } catch (error) {
      if (this.unannouncedLogged === version) return;
      this.unannouncedLogged = version;
      this.options.logger.warn(
        { version: shortVersion(version), error: (error as Error).message },
        "knowledge version not announced yet; retrying until Redis answers",
      );
    }
  }

  /**
   * Moves towards `version` (from a message), or towards the version key (a periodic check).
   * One step runs at a time; what arrives meanwhile is looked at right after it.
   */
  private follow(version: string | undefined): void {
    if (this.stopped) return;
    if (this.running) {
      // A message's version wins over a periodic check queued before it.
      if (this.rerun === null || version !== undefined) this.rerun = version;
      return;
    }
    this.running = this.step(version)
      .catch((error: unknown) =>
        this.options.logger.error({ err: error }, "knowledge sync step failed"),
      )
      .finally(() => {
        this.running = undefined;
        const next = this.rerun;
        this.rerun = null;
        if (next !== null) this.follow(next);
      });
  }

  private async step(message: string | undefined): Promise<void> {
    if (this.unannounced !== undefined) await this.publishPending();
    let published = message;
    if (published === undefined) {
      try {
        published = (await this.options.redis.get(this.versionKey)) ?? undefined;
      } catch {
        return; // Redis unreachable: the connection's outage is logged once, elsewhere.
      }
    }
    if (published === undefined) return;
    // A message is someone's explicit change (even /reload with nothing new): worth new tries.
    if (message !== undefined || published !== this.target) {
      this.target = published;
      this.attempts = 0;
      this.refusal = undefined;
    }
    if (this.live.knowledge.fingerprint === published || this.attempts >= this.retriesAllowed)
      return;
    this.attempts++;
    await this.reload(published);
  }

  private get retriesAllowed(): number {
    return this.options.retries ?? SYNC_RETRIES;
  }

  private async reload(published: string): Promise<void> {
    const { logger, listener } = this.options;
    const version = shortVersion(published);
    try {
      const knowledge = await this.live.reload();
      this.refusal = undefined;
      listener?.reloaded();
      if (knowledge.fingerprint === published) {
        logger.info(
          { version, documents: knowledge.documents.length, attempt: this.attempts },
          "knowledge in step with the announced version",
        );
        return;
      }
      if (this.attempts === 1)
        logger.info(
          { version, loaded: shortVersion(knowledge.fingerprint) },
          "knowledge folder does not show the announced version yet; retrying at the next check",
        );
      else if (this.attempts >= this.retriesAllowed)
        logger.warn(
          { version, loaded: shortVersion(knowledge.fingerprint), attempts: this.attempts },
          "knowledge folder never showed the announced version; serving it as it is until the next announcement",
        );
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
      // Retried like a late volume (a file may show half-written); logged once per problem.
      if (error.message === this.refusal) return;
      this.refusal = error.message;
      logger.warn(
        { version, problem: error.message },
        "announced knowledge refused here; the previous knowledge keeps serving",
      );
      listener?.refused(error.message, "sync");
    }
  }
}
