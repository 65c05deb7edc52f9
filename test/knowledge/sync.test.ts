import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { KnowledgeSync, shortVersion } from "../../src/knowledge-sync.js";
import { LiveKnowledge } from "../../src/live-knowledge.js";
import { createLogger } from "../../src/logger.js";
import { SearchEngine } from "../../src/search/engine.js";
import { connectRedis } from "../../src/store/redis-connection.js";
import { hasRedisServer, type RedisServer, startRedis } from "../../testkit/redis-server.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

// CI installs redis-server (.ci/run); a developer machine without it skips, CI never does.
const runnable = hasRedisServer() || process.env.CI === "true";

const CHECK_MS = 100;
const lines: string[] = [];
const logger = createLogger("info", [], { write: (line: string) => lines.push(line) });
let server: RedisServer;
let redis: Redis;
const syncs: KnowledgeSync[] = [];
let prefixes = 0;

/** Live knowledge that counts how often its folder is loaded again. */
class CountingLive extends LiveKnowledge {
  reloads = 0;
  /** Reloads that have finished, successfully or not. */
  finished = 0;

  override reload(): Promise<KnowledgeBase> {
    this.reloads++;
    const reload = super.reload();
    reload.then(
      () => this.finished++,
      () => this.finished++,
    );
    return reload;
  }
}

/** An instance: live knowledge over `folder`, counting its reloads, synced under `prefix`. */
async function instance(folder: string, prefix: string, retries = 15) {
  const knowledge = await loadKnowledge(folder);
  const refused: string[] = [];
  const live = new CountingLive(
    knowledge,
    new SearchEngine(knowledge),
    async (k: KnowledgeBase) => new SearchEngine(k),
  );
  const sync = await KnowledgeSync.start(live, {
    redis,
    prefix,
    logger,
    checkMs: CHECK_MS,
    retries,
    listener: { reloaded: () => {}, refused: (problem) => refused.push(problem) },
  });
  syncs.push(sync);
  return { live, sync, refused, reloads: () => live.reloads, finished: () => live.finished };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(runnable)("knowledge sync over Redis", () => {
  beforeAll(async () => {
    server = await startRedis({ appendOnly: false });
    ({ redis } = await connectRedis(server.url, logger));
  });
  afterEach(async () => {
    await Promise.all(syncs.splice(0).map((sync) => sync.stop()));
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop("SIGKILL");
    await removeTrees();
  });

  it("reloads another instance on an announcement, and not the announcing one", async () => {
    const prefix = `p${prefixes++}:`;
    const folder = await writeTree({ "a/en.md": docFile() });
    const here = await instance(folder, prefix);
    const there = await instance(folder, prefix);
    writeFileSync(join(folder, "a", "en.md"), docFile({ body: "Changed.\n\nText." }));
    const knowledge = await here.live.reload();
    await here.sync.announce(knowledge.fingerprint);
    await until(() => there.live.knowledge.fingerprint === knowledge.fingerprint);
    await sleep(3 * CHECK_MS);
    expect(here.reloads()).toBe(1);
    expect(there.reloads()).toBe(1);
    expect(await redis.get(`${prefix}knowledge:version`)).toBe(knowledge.fingerprint);
  });

  it("starts from the announced version without reloading the folder it just loaded", async () => {
    const prefix = `p${prefixes++}:`;
    const folder = await writeTree({ "a/en.md": docFile() });
    await redis.set(`${prefix}knowledge:version`, "0".repeat(64));
    const late = await instance(folder, prefix);
    await sleep(4 * CHECK_MS);
    expect(late.reloads()).toBe(0);
  });

  it("retries at each check while the folder does not show the announced version, then has it", async () => {
    const prefix = `p${prefixes++}:`;
    const folder = await writeTree({ "a/en.md": docFile() });
    const behind = await instance(folder, prefix);
    // The version exists elsewhere first (another instance's view of a slow shared volume).
    const ahead = await writeTree({ "a/en.md": docFile({ body: "Newer.\n\nText." }) });
    const { fingerprint } = await loadKnowledge(ahead);
    await redis.publish(`${prefix}knowledge:changed`, fingerprint);
    await redis.set(`${prefix}knowledge:version`, fingerprint);
    await until(() => behind.reloads() >= 3);
    expect(behind.live.knowledge.fingerprint).not.toBe(fingerprint);
    writeFileSync(join(folder, "a", "en.md"), docFile({ body: "Newer.\n\nText." }));
    await until(() => behind.live.knowledge.fingerprint === fingerprint);
    const reloads = behind.reloads();
    await sleep(4 * CHECK_MS);
    expect(behind.reloads()).toBe(reloads);
  });

  it("gives up after its retries until the next version is announced", async () => {
    const prefix = `p${prefixes++}:`;
    const folder = await writeTree({ "a/en.md": docFile() });
    const stuck = await instance(folder, prefix, 3);
    await redis.set(`${prefix}knowledge:version`, "f".repeat(64));
    await until(() => stuck.reloads() === 3);
    await sleep(5 * CHECK_MS);
    expect(stuck.reloads()).toBe(3);
    expect(lines.some((line) => line.includes(shortVersion("f".repeat(64))))).toBe(true);
  });

  it("tries again when the same version is announced again (someone's /reload)", async () => {
    const prefix = `p${prefixes++}:`;
    const folder = await writeTree({ "a/en.md": docFile() });
    const stuck = await instance(folder, prefix, 2);
    const ahead = await writeTree({ "a/en.md": docFile({ body: "Later.\n\nText." }) });
    const { fingerprint } = await loadKnowledge(ahead);
    await redis.set(`${prefix}knowledge:version`, fingerprint);
    // The last retry must have read the folder before it changes.
    await until(() => stuck.finished() === 2);
    writeFileSync(join(folder, "a", "en.md"), docFile({ body: "Later.\n\nText." }));
    await sleep(3 * CHECK_MS);
    expect(stuck.live.knowledge.fingerprint).not.toBe(fingerprint);
    await redis.publish(`${prefix}knowledge:changed`, fingerprint);
    await until(() => stuck.live.knowledge.fingerprint === fingerprint);
  });

  it("keeps the old knowledge when the announced folder does not validate, and reports it once", async () => {
    const prefix = `p${prefixes++}:`;
    const folder = await writeTree({ "a/en.md": docFile() });
    const follower = await instance(folder, prefix, 5);
    const before = follower.live.knowledge.fingerprint;
    writeFileSync(join(folder, "a", "ru.md"), "---\ntitle: broken\n---\n");
    await redis.publish(`${prefix}knowledge:changed`, "e".repeat(64));
    await sleep(8 * CHECK_MS);
    expect(follower.live.knowledge.fingerprint).toBe(before);
    expect(follower.refused).toHaveLength(1);
    expect(follower.refused[0]).toContain("ru.md");
  });
});

describe.runIf(runnable)("an announcement while Redis is down", () => {
  it("is made when Redis is back, and the other instance follows", async () => {
    const own = await startRedis({ appendOnly: false });
    const { redis: client } = await connectRedis(own.url, logger);
    const folder = await writeTree({ "a/en.md": docFile() });
    const make = async () => {
      const knowledge = await loadKnowledge(folder);
      const live = new LiveKnowledge(
        knowledge,
        new SearchEngine(knowledge),
        async (k) => new SearchEngine(k),
      );
      const sync = await KnowledgeSync.start(live, {
        redis: client,
        prefix: "down:",
        logger,
        checkMs: CHECK_MS,
      });
      return { live, sync };
    };
    const here = await make();
    const there = await make();
    try {
      await own.stop("SIGKILL");
      writeFileSync(join(folder, "a", "en.md"), docFile({ body: "While down.\n\nText." }));
      const knowledge = await here.live.reload();
      await here.sync.announce(knowledge.fingerprint);
      const again = await startRedis({ port: own.port, appendOnly: false });
      try {
        await until(() => there.live.knowledge.fingerprint === knowledge.fingerprint, 8_000);
        const check = await connectRedis(again.url, logger);
        expect(await check.redis.get("down:knowledge:version")).toBe(knowledge.fingerprint);
        check.redis.disconnect();
      } finally {
        await again.stop("SIGKILL");
      }
    } finally {
      await here.sync.stop();
      await there.sync.stop();
      client.disconnect();
    }
  }, 20_000);
});
