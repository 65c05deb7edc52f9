import type { Redis } from "ioredis";
import type { ListableStorage } from "./log.js";

/**
 * JSON values under one key prefix in Redis, listable with SCAN (grammY's Redis adapter cannot
 * list), each expiring after `ttlSeconds` so that Redis itself enforces the retention too.
 */
export class RedisListableStorage<T> implements ListableStorage<T> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly validate: (value: unknown) => value is T,
    private readonly ttlSeconds: number,
  ) {}

  async read(key: string): Promise<T | undefined> {
    return this.parse(await this.redis.get(this.prefix + key));
  }

  async write(key: string, value: T): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value), "EX", this.ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async *readAllEntries(): AsyncIterable<[string, T]> {
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", `${this.prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.redis.mget(keys);
      for (const [i, key] of keys.entries()) {
        const value = this.parse(values[i] ?? null);
        if (value !== undefined) yield [key.slice(this.prefix.length), value];
      }
    } while (cursor !== "0");
  }

  /** A value that is not valid JSON or not a valid record is skipped, not trusted. */
  private parse(text: string | null): T | undefined {
    if (text === null) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return this.validate(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
}
