import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { isPreferences, PreferenceStore, type Preferences } from "../../src/store/preferences.js";
import { RedisStorage } from "../../src/store/redis-storage.js";
import { hasRedisServer, startRedis } from "../../testkit/redis-server.js";
import { createHarness } from "../support/bot-harness.js";

// CI installs redis-server (.ci/run); a developer machine without it skips, CI never does.
const runnable = hasRedisServer() || process.env.CI === "true";

describe.runIf(runnable)("preferences shared through Redis (REDIS_URL)", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const clients: Redis[] = [];
  const storeFor = () => {
    const client = new Redis(redis.url);
    clients.push(client);
    return new PreferenceStore(
      new RedisStorage<Preferences>(client, "docbot:", isPreferences, createLogger("silent", [])),
    );
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await redis?.stop();
  });

  it("lets a second bot instance answer in the language chosen on the first", async () => {
    const first = createHarness({}, storeFor());
    const second = createHarness({}, storeFor());
    await first.tap("l:ru", { user: 501 });
    await second.send("What did Glazyev say about sanctions?", { user: 501 });
    const [answer] = second.texts();
    expect(answer).toContain("санкций");
    expect(answer).toContain("Перевод с английского оригинала");
  });

  it("keeps users apart", async () => {
    const first = createHarness({}, storeFor());
    const second = createHarness({}, storeFor());
    await first.tap("l:zh", { user: 601 });
    await second.send("/help", { user: 602 });
    expect(second.texts()[0]).toContain("How to use me");
  });

  it("stores a value that survives a new connection", async () => {
    await storeFor().set(701, { language: "ru" });
    expect(await storeFor().get(701)).toEqual({ language: "ru" });
  });
});
