import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANSWER_TTL_SECONDS,
  type AnsweredQuestion,
  MemoryAnswerCache,
  newAnswerId,
  RedisAnswerCache,
} from "../../src/bot/answer-cache.js";
import { CALLBACK_DATA_LIMIT, decodeAction, encodeAction } from "../../src/bot/callback-data.js";
import { createLogger } from "../../src/logger.js";
import { connectRedis } from "../../src/store/redis-connection.js";
import { hasRedisServer, type RedisServer, startRedis } from "../../testkit/redis-server.js";

// CI installs redis-server (.ci/run); a developer machine without it skips, CI never does.
const runnable = hasRedisServer() || process.env.CI === "true";

const QUESTION: AnsweredQuestion = {
  question: "Что Глазьев говорил о санкциях?",
  searched: "ru",
  display: "en",
  entry: "k3j9x0a1",
};

describe("answer ids", () => {
  it("are 12 base64url characters, different every time", () => {
    const ids = new Set(Array.from({ length: 100_000 }, () => newAnswerId()));
    expect(ids.size).toBe(100_000);
    for (const id of [...ids].slice(0, 1000)) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it("fit the More button's callback data at the largest offset, and decode back", () => {
    const id = newAnswerId();
    const data = encodeAction({ kind: "more", answer: id, offset: 999_999 });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(decodeAction(data)).toEqual({ kind: "more", answer: id, offset: 999_999 });
  });
});

describe("the in-memory answer cache", () => {
  it("recalls an answer until its time to live has passed", async () => {
    let now = 0;
    const cache = new MemoryAnswerCache(10, 1_000, () => now);
    const id = await cache.remember(QUESTION);
    now = 999;
    expect(await cache.recall(id)).toEqual(QUESTION);
    now = 1_000;
    expect(await cache.recall(id)).toBeUndefined();
  });

  it("forgets the oldest answer beyond its capacity", async () => {
    const cache = new MemoryAnswerCache(2);
    const first = await cache.remember(QUESTION);
    await cache.remember(QUESTION);
    await cache.remember(QUESTION);
    expect(await cache.recall(first)).toBeUndefined();
  });
});

describe.runIf(runnable)("the Redis answer cache", () => {
  let server: RedisServer;
  let redis: Redis;
  const lines: string[] = [];
  const logger = createLogger("info", [], { write: (line: string) => lines.push(line) });

  beforeAll(async () => {
    server = await startRedis({ appendOnly: false });
    ({ redis } = await connectRedis(server.url, logger));
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop("SIGKILL");
  });

  it("is shared: an answer remembered by one instance is recalled by another", async () => {
    const id = await new RedisAnswerCache(redis, "a:", logger).remember(QUESTION);
    expect(await new RedisAnswerCache(redis, "a:", logger).recall(id)).toEqual(QUESTION);
  });

  it("keeps each answer under the prefix for a day, then Redis forgets it", async () => {
    const id = await new RedisAnswerCache(redis, "pre:", logger).remember(QUESTION);
    const ttl = await redis.ttl(`pre:answer:${id}`);
    expect(ttl).toBeGreaterThan(ANSWER_TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(ANSWER_TTL_SECONDS);
    expect(ANSWER_TTL_SECONDS).toBe(86_400);
  });

  it("expires answers after its time to live", async () => {
    const cache = new RedisAnswerCache(redis, "short:", logger, 1);
    const id = await cache.remember(QUESTION);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await cache.recall(id)).toBeUndefined();
  });

  it("treats an unknown id or a value that is not an answered question as absent", async () => {
    const cache = new RedisAnswerCache(redis, "bad:", logger);
    await redis.set("bad:answer:AAAAAAAAAAAA", '{"question":1}');
    await redis.set("bad:answer:BBBBBBBBBBBB", "{not json");
    expect(await cache.recall("AAAAAAAAAAAA")).toBeUndefined();
    expect(await cache.recall("BBBBBBBBBBBB")).toBeUndefined();
    expect(await cache.recall("CCCCCCCCCCCC")).toBeUndefined();
  });

  it("while Redis is down, still gives ids, recalls nothing, never throws, and logs the outage once", async () => {
    const cache = new RedisAnswerCache(redis, "down:", logger);
    const stored = await cache.remember(QUESTION);
    await server.stop("SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    lines.length = 0;
    const id = await cache.remember(QUESTION);
    expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(await cache.recall(id)).toBeUndefined();
    expect(await cache.recall(stored)).toBeUndefined();
    expect(lines.filter((line) => line.includes("answer cache unavailable"))).toHaveLength(1);
  });
});
