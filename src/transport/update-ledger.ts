import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";

/**
 * Remembers recent `update_id`s: Telegram delivers at least once (a webhook is resent after an
 * error or a slow reply, a poll after a restart), and a question must be answered once.
 */
export interface UpdateLedger {
  /** True the first time `updateId` is seen; false for a repeated delivery. */
  firstDelivery(updateId: number): Promise<boolean>;
}

/** Telegram stops resending an update after about a day. */
const REMEMBER_SECONDS = 24 * 3600;

/** The last `capacity` update ids, in memory (one process). */
export class MemoryLedger implements UpdateLedger {
  private readonly seen = new Set<number>();

  constructor(private readonly capacity = 100_000) {}

  async firstDelivery(updateId: number): Promise<boolean> {
    return this.remember(updateId);
  }

  /** Synchronous form of {@link firstDelivery}. */
  remember(updateId: number): boolean {
    if (this.seen.has(updateId)) return false;
    this.seen.add(updateId);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}

/**
 * Update ids in Redis with a TTL, shared by every instance behind one webhook. While Redis is
 * unreachable it falls back to this process's memory rather than refusing updates.
 */
export class RedisLedger implements UpdateLedger {
  private readonly local = new MemoryLedger();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async firstDelivery(updateId: number): Promise<boolean> {
    const locallyNew = this.local.remember(updateId);
    try {
      const set = await this.redis.set(
        `${this.prefix}update:${updateId}`,
        "1",
        "EX",
        REMEMBER_SECONDS,
        "NX",
      );
      return set === "OK";
    } catch (error) {
      this.logger.debug({ err: error }, "update ledger: Redis unavailable, using memory");
      return locallyNew;
    }
  }
}
