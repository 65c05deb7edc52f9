/**
 * The updates waiting for the bot and its long poll: getUpdates with offset confirmation, limit
 * and timeout (fractional seconds are accepted, which keeps tests fast); a second concurrent
 * getUpdates ends the first with 409 Conflict, like Telegram.
 */
import type { Update } from "grammy/types";
import { optionalInt, type Payload } from "./payload.js";
import { BotApiError, type HandlerContext } from "./types.js";

interface PendingPoll {
  limit: number;
  finish: (updates: Update[] | BotApiError) => void;
}

/** Updates queued for the bot, oldest first, until it confirms them. */
export class UpdateQueue {
  private updates: Update[] = [];
  private head = 0;
  private closing = false;
  /** The highest update id handed out so far. */
  lastUpdateId = 100_000_000;
  /** The long poll waiting for updates, if any. */
  poll: PendingPoll | undefined;
  private pollFlushScheduled = false;

  /** The id for a new update: `wanted` if it is above every earlier one, else the next. */
  nextId(wanted?: number): number {
    if (wanted === undefined) return ++this.lastUpdateId;
    if (wanted <= this.lastUpdateId)
      throw new Error(
        `update_id ${wanted} is not greater than the last one (${this.lastUpdateId})`,
      );
    this.lastUpdateId = wanted;
    return wanted;
  }

  /** Queues an update; a waiting long poll gets it (with others of the same tick). */
  push(update: Update): void {
    this.updates.push(update);
    this.schedulePollFlush();
  }

  /** Ends a pending long poll with no updates: the emulator is closing. */
  close(): void {
    this.closing = true;
    this.poll?.finish([]);
  }

  /** Forgets the updates below `offset` (a negative offset keeps only the last ones). */
  confirm(offset: number): void {
    if (offset < 0) {
      this.head = Math.max(this.head, this.updates.length + offset);
    } else {
      while (
        this.head < this.updates.length &&
        (this.updates[this.head] as Update).update_id < offset
      ) {
        this.head++;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.updates.length) {
      this.updates = this.updates.slice(this.head);
      this.head = 0;
    }
  }

  private available(limit: number): Update[] {
    return this.updates.slice(this.head, this.head + limit);
  }

  private schedulePollFlush(): void {
    if (this.poll === undefined || this.pollFlushScheduled) return;
    this.pollFlushScheduled = true;
    // batch updates pushed in the same tick into one response
    setImmediate(() => {
      this.pollFlushScheduled = false;
      const poll = this.poll;
      if (poll === undefined) return;
      const updates = this.available(poll.limit);
      if (updates.length > 0) poll.finish(updates);
    });
  }

  /**
   * getUpdates: confirms updates below `offset`, answers at once when there are updates (or
   * `timeout` is 0), otherwise waits up to `timeout` seconds. A second poll ends the first with
   * 409 Conflict, like Telegram.
   */
  getUpdates(p: Payload, ctx: HandlerContext): Update[] | Promise<Update[]> {
    const offset = optionalInt(p, "offset") ?? 0;
    const limit = Math.min(100, Math.max(1, optionalInt(p, "limit") ?? 100));
    const timeout = Math.max(0, optionalInt(p, "timeout") ?? 0);
    this.confirm(offset);
    const older = this.poll;
    if (older !== undefined) {
      this.poll = undefined;
      // Telegram answers the older request with 409. Wait a moment first: when grammY aborts a
      // poll (bot.stop()) and immediately sends a new getUpdates, the new request can arrive
      // before the old socket's close is seen; the old call must then be recorded as aborted,
      // not as a spurious conflict.
      setTimeout(
        () =>
          older.finish(
            new BotApiError(
              409,
              "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            ),
          ),
        100,
      );
    }
    const available = this.available(limit);
    if (available.length > 0 || timeout === 0 || this.closing) return available;
    return new Promise<Update[]>((resolve, reject) => {
      let finished = false;
      const poll: PendingPoll = {
        limit,
        finish: (result) => {
          if (finished) return;
          finished = true;
          if (this.poll === poll) this.poll = undefined;
          clearTimeout(timer);
          ctx.signal.removeEventListener("abort", onAbort);
          if (result instanceof BotApiError) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => poll.finish(this.available(limit)), timeout * 1000);
      const onAbort = () => poll.finish([]);
      ctx.signal.addEventListener("abort", onAbort);
      this.poll = poll;
    });
  }

  /** The queued updates, confirmed at once (for a bot fed in process). */
  take(): Update[] {
    const updates = this.updates.slice(this.head);
    this.confirm(this.lastUpdateId + 1);
    return updates;
  }

  /** Updates not yet confirmed by the bot (via getUpdates offset). */
  get pending(): number {
    return this.updates.length - this.head;
  }
}
