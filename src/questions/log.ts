import { createHmac, randomBytes } from "node:crypto";
import type { StorageAdapter } from "grammy";
import type { Language } from "../knowledge/types.js";
import type { Feedback, Outcome, QuestionRecord, ShownPassage } from "./record.js";

/** A storage adapter that can list what it holds (the file store, Redis, memory). */
export type ListableStorage<T> = StorageAdapter<T> &
  Required<Pick<StorageAdapter<T>, "readAllEntries">>;

/** Settings of the log, from the configuration. */
export interface QuestionLogOptions {
  /** QUESTION_LOG=off: nothing is written, no feedback buttons are offered. */
  readonly enabled: boolean;
  /** Entries older than this many days are removed. */
  readonly days: number;
  /** Key of the HMAC that hashes user ids; without it no user is recorded at all. */
  readonly key?: string;
  /** The clock (tests move it). */
  readonly now?: () => number;
  /** Told about a write that failed in the background (the reply was not held up for it). */
  readonly onError?: (error: unknown) => void;
}

/** What the bot knows when it has answered a question. */
export interface AskedQuestion {
  readonly lang: Language;
  readonly q: string;
  readonly outcome: Outcome;
  readonly passages: readonly ShownPassage[];
  readonly userId?: number;
}

/** The result of a feedback tap. */
export type FeedbackResult = "saved" | "unknown" | "not_asker";

const DAY_MS = 24 * 3600 * 1000;
/** Old entries are swept at most this often on write, so that writes stay cheap. */
const SWEEP_INTERVAL_MS = 3600 * 1000;

/**
 * The question log: each question with its language, outcome, the passages shown and the
 * asker's feedback, through any listable storage adapter. User ids are kept only as a keyed
 * hash; entries older than the retention are removed on write (at most hourly) and on sweep.
 */
export class QuestionLog {
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly pending = new Set<Promise<void>>();
  /** Read-modify-write updates of one entry, in order (a "More" page and a 👍 may overlap). */
  private readonly updates = new Map<string, Promise<unknown>>();
  /** The log's clock, in milliseconds since the epoch. */
  readonly now: () => number;

  constructor(
    private readonly storage: ListableStorage<QuestionRecord>,
    readonly options: QuestionLogOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /**
   * Logs a question; its id (for feedback buttons), or undefined when the log is off. The write
   * goes on in the background, so that no reply waits for a disk or Redis; {@link flush} waits.
   */
  record(asked: AskedQuestion): string | undefined {
    if (!this.enabled) return undefined;
    const at = this.now();
    // Time first, so ids sort by age; random bits so that ids cannot be guessed or collide.
    const id = at.toString(36) + randomBytes(3).readUIntBE(0, 3).toString(36).padStart(5, "0");
    const user = asked.userId === undefined ? undefined : this.hashUser(asked.userId);
    const entry: QuestionRecord = {
      id,
      at,
      lang: asked.lang,
      q: asked.q,
      outcome: asked.outcome,
      passages: asked.passages,
      ...(user ? { user } : {}),
    };
    this.inBackground(async () => {
      await this.storage.write(id, entry);
      await this.sweepIfDue();
    });
    return id;
  }

  /** Adds the passages of a further page ("More") to the entry they belong to, in the background. */
  addPassages(id: string, passages: readonly ShownPassage[]): void {
    if (!this.enabled || passages.length === 0) return;
    this.inBackground(() =>
      this.update(id, async () => {
        const entry = await this.storage.read(id);
        if (!entry) return;
        await this.storage.write(id, { ...entry, passages: [...entry.passages, ...passages] });
      }),
    );
  }

  /** Waits for the writes in flight (at shutdown, and in tests). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Stores (or replaces) the asker's verdict; only the asker may give one. */
  async setFeedback(id: string, userId: number, feedback: Feedback): Promise<FeedbackResult> {
    if (!this.enabled) return "unknown";
    // The verdict is acknowledged only once it is stored: it is awaited, unlike the question.
    return this.update(id, async () => {
      const entry = await this.storage.read(id);
      if (!entry || this.expired(entry)) return "unknown";
      if (entry.user !== undefined && entry.user !== this.hashUser(userId)) return "not_asker";
      await this.storage.write(id, { ...entry, feedback });
      return "saved" as const;
    });
  }

  /** Every entry within the retention period, oldest first. */
  async entries(): Promise<QuestionRecord[]> {
    const all: QuestionRecord[] = [];
    for await (const [, entry] of this.storage.readAllEntries())
      if (!this.expired(entry)) all.push(entry);
    return all.sort((a, b) => a.at - b.at);
  }

  /** Removes the entries older than the retention; how many were removed. */
  async sweep(): Promise<number> {
    this.lastSweep = this.now();
    const old: string[] = [];
    for await (const [key, entry] of this.storage.readAllEntries())
      if (this.expired(entry)) old.push(key);
    for (const key of old) await this.storage.delete(key);
    return old.length;
  }

  /** Runs `task` after the updates of entry `id` already queued, and before later ones. */
  private update<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.updates.get(id) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.updates.set(id, next);
    void next
      .finally(() => {
        if (this.updates.get(id) === next) this.updates.delete(id);
      })
      // The caller gets `next` and its failure; this chain only tidies the map.
      .catch(() => {});
    return next;
  }

  private inBackground(task: () => Promise<void>): void {
    const running: Promise<void> = task()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  private async sweepIfDue(): Promise<void> {
    if (this.now() - this.lastSweep >= SWEEP_INTERVAL_MS) await this.sweep();
  }

  private expired(entry: QuestionRecord): boolean {
    return entry.at < this.now() - this.options.days * DAY_MS;
  }

  private hashUser(userId: number): string | undefined {
    const { key } = this.options;
    if (!key) return undefined;
    return createHmac("sha256", key).update(String(userId)).digest("hex").slice(0, 16);
  }
}
