import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openQuestionLog, QUESTION_KEY_PREFIX } from "../../src/questions/open.js";
import { hasRedisServer, startRedis } from "../../testkit/redis-server.js";
import { createHarness } from "../support/bot-harness.js";

// CI installs redis-server (.ci/run); a developer machine without it skips, CI never does.
const runnable = hasRedisServer() || process.env.CI === "true";
const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

describe.runIf(runnable)("the question log in Redis (REDIS_URL)", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    await client.quit();
    await redis?.stop();
  });

  it("keeps each question under its own expiring key, readable by a second instance", async () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN, REDIS_URL: redis.url, QUESTION_LOG_DAYS: "2" });
    const first = await openQuestionLog(config);
    const bot = createHarness({}, undefined, undefined, first.log);
    await bot.send("payments in national currencies");
    await first.log.flush();
    await bot.tap(bot.lastButtons().get("👍") ?? "");
    const keys = await client.keys(`${QUESTION_KEY_PREFIX}*`);
    expect(keys).toHaveLength(1);
    const ttl = await client.ttl(keys[0] ?? "");
    expect(ttl).toBeGreaterThan(2 * 24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(2 * 24 * 3600);
    const second = await openQuestionLog(config);
    const entries = await second.log.entries();
    expect(entries.map((e) => [e.q, e.feedback])).toEqual([
      ["payments in national currencies", "up"],
    ]);
    await first.close();
    await second.close();
  });

  it("writes in the background and waits for its writes when closed", async () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN, REDIS_URL: redis.url });
    const opened = await openQuestionLog(config);
    const id = opened.log.record({ lang: "en", q: "late", outcome: "none", passages: [] });
    await opened.close();
    expect(await client.exists(`${QUESTION_KEY_PREFIX}${id}`)).toBe(1);
  });

  it("skips a key that does not hold a valid entry instead of failing the report", async () => {
    await client.set(`${QUESTION_KEY_PREFIX}broken`, "{not json");
    const opened = await openQuestionLog(loadConfig({ BOT_TOKEN: TOKEN, REDIS_URL: redis.url }));
    expect((await opened.log.entries()).every((e) => e.id !== "broken")).toBe(true);
    await opened.close();
  });
});
