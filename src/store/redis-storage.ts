import type { StorageAdapter } from "grammy";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";

/**
 * A grammY storage adapter over Redis: every key carries `prefix` (so bots sharing a Redis never
 * collide), and a value that is not valid JSON or not a valid record is treated as absent
 * (logged once per key) instead of failing every update of that user for good.
 */
export class RedisStorage<T> implements StorageAdapter<T> {
  private readonly reported = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly validate: (value: unknown) => value is T,
    private readonly logger: Logger,
  ) {}

  async read(key: string): Promise<T | undefined> {
    const text = await this.redis.get(this.prefix + key);
    if (text === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.reportInvalid(key, "not valid JSON");
      return undefined;
    }
    if (!this.validate(value)) {
      this.reportInvalid(key, "not a valid settings record");
      return undefined;
    }
    return value;
  }

  async write(key: string, value: T): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  private reportInvalid(key: string, problem: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.warn(
      { key: this.prefix + key, problem },
      "Redis value ignored (treated as absent); the user's next choice overwrites it",
    );
  }
}
