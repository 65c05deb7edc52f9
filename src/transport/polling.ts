import { type Api, GrammyError, HttpError } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import type { InFlight } from "./in-flight.js";

/** Settings of {@link Poller}. */
export interface PollingOptions {
  readonly allowedUpdates: readonly string[];
  /** getUpdates' long-poll `timeout`. */
  readonly timeoutSeconds: number;
  /** The longest pause between two failed polls. */
  readonly retryMaxSeconds: number;
  /** Updates handled at once; polling waits while this many are in flight. */
  readonly concurrency: number;
}

/**
 * A poll not answered this long after its own `timeout` is hung: abandon it and poll again.
 * Short polls get a margin as long as their timeout, so a hung poll is never waited out for
 * more than twice its timeout (or its timeout plus five seconds).
 */
const HUNG_POLL_MARGIN_MS = 5_000;
/** Updates handled at once by default (grammY runner's default). */
export const DEFAULT_CONCURRENCY = 500;

/** Why polling ended. */
export type PollingEnd = "stopped" | "unauthorized";

/**
 * Long polling with what the grammY runner lacks: a hung poll is abandoned, failures are retried
 * after a capped back-off (so the bot answers within seconds of Telegram coming back), a revoked
 * token (401) ends polling with one log line, and a second poller (409) or a malformed answer is
 * retried rather than crashing. Each update is handed to `dispatch` and counted in `inFlight`.
 */
export class Poller {
  private stopping = false;
  private current: AbortController | undefined;
  private wake: (() => void) | undefined;
  private offset = 0;

  constructor(
    private readonly api: Api,
    private readonly logger: Logger,
    private readonly options: PollingOptions,
    private readonly inFlight: InFlight,
    private readonly dispatch: (update: Update) => Promise<void>,
  ) {}

  /** Polls until {@link stop} is called or the token is revoked. */
  async run(): Promise<PollingEnd> {
    let failures = 0;
    while (!this.stopping) {
      await this.inFlight.below(this.options.concurrency);
      if (this.stopping) break;
      let updates: unknown;
      try {
        updates = await this.poll();
      } catch (error) {
        if (this.stopping) break;
        if (error instanceof GrammyError && error.error_code === 401) {
          this.logger.error(
            "The Bot API rejected BOT_TOKEN (401 Unauthorized): the token was revoked or changed; put the new token from @BotFather into .env and restart.",
          );
          return "unauthorized";
        }
        failures++;
        await this.pause(this.delayAfter(error, failures));
        continue;
      }
      if (!Array.isArray(updates)) {
        failures++;
        const retryInMs = this.backoff(failures);
        this.logger.warn(
          { retryInMs, answer: JSON.stringify(updates)?.slice(0, 200) },
          "getUpdates answered something that is not a list of updates; retrying",
        );
        await this.pause(retryInMs);
        continue;
      }
      if (failures > 0) this.logger.info({ failures }, "Bot API reachable again: polling");
      failures = 0;
      for (const update of updates as Update[]) {
        if (typeof update?.update_id !== "number") continue;
        this.offset = Math.max(this.offset, update.update_id + 1);
        this.inFlight.track(this.dispatch(update));
      }
    }
    return "stopped";
  }

  /** Stops polling: the poll in flight is abandoned, so Telegram keeps its updates for later. */
  stop(): void {
    this.stopping = true;
    this.current?.abort();
    this.wake?.();
  }

  /**
   * Tells Telegram that every update handed out so far is done, so a restart does not get them
   * again (getUpdates confirms everything below its `offset`).
   */
  async confirm(): Promise<void> {
    if (this.offset === 0) return;
    await this.api.getUpdates({ offset: this.offset, limit: 1, timeout: 0 });
  }

  private async poll(): Promise<unknown> {
    const controller = new AbortController();
    this.current = controller;
    const hung = setTimeout(
      () => controller.abort(),
      this.options.timeoutSeconds * 1000 +
        Math.min(HUNG_POLL_MARGIN_MS, this.options.timeoutSeconds * 1000),
    );
    try {
      return await this.api.getUpdates(
        {
          offset: this.offset,
          limit: 100,
          timeout: this.options.timeoutSeconds,
          allowed_updates: this.options.allowedUpdates as never,
        },
        // grammY types its signal with the abort-controller polyfill; Node's is the same thing.
        controller.signal as Parameters<Api["getUpdates"]>[1],
      );
    } catch (error) {
      if (controller.signal.aborted && !this.stopping)
        throw new HttpError("getUpdates hung: no answer after its timeout", error);
      throw error;
    } finally {
      clearTimeout(hung);
      this.current = undefined;
    }
  }

  /** Logs the failure once and says how long polling pauses. */
  private delayAfter(error: unknown, failures: number): number {
    if (error instanceof GrammyError && error.error_code === 409) {
      const retryInMs = this.backoff(failures);
      this.logger.warn(
        { retryInMs },
        "Another process is polling with this token or a webhook is set (409 Conflict): stop the other instance; retrying",
      );
      return retryInMs;
    }
    if (error instanceof GrammyError && error.parameters.retry_after !== undefined)
      return error.parameters.retry_after * 1000;
    const retryInMs = this.backoff(failures);
    this.logger.warn(
      { retryInMs, failures, error: (error as Error).message },
      "Bot API unreachable: waiting for Telegram",
    );
    return retryInMs;
  }

  /** 0.5 s, 1 s, 2 s, … capped at `retryMaxSeconds`. */
  private backoff(failures: number): number {
    return Math.min(this.options.retryMaxSeconds * 1000, 250 * 2 ** Math.min(failures, 20));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
