/**
 * The fault phase of `npm run load`: the real bot process (`src/main.ts`, long polling, Redis)
 * against the local Bot API emulator while Redis is killed and restarted, the Bot API is down
 * for 30 s, and the bot gets SIGTERM in the middle of a burst (then starts again). Every
 * question comes from its own user, so counting the answers per chat gives asked, answered,
 * duplicated and lost.
 */
import type { User } from "grammy/types";
import { type BotProcess, startBotProcess } from "../testkit/bot-process.js";
import { hasRedisServer, type RedisServer, startRedis } from "../testkit/redis-server.js";
import { BotApiEmulator, makeUser, privateChat } from "../testkit/telegram/emulator.js";

const TOKEN = "424243:FAULT-load-token-abcdefghijklmnopqrs";
const QUESTION = "What did Glazyev say about sanctions?";
const OUTAGE_SECONDS = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
  readonly asked: User[];
  /** Answers (accepted sendMessage calls) per chat. */
  readonly answers: Map<number, number>;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Asks `count` questions, one per new user, spread over `seconds`. */
async function ask(api: BotApiEmulator, tally: Tally, count: number, seconds: number) {
  for (let i = 0; i < count; i++) {
    const user = makeUser();
    tally.asked.push(user);
    api.userSendsText(user, privateChat(user), QUESTION);
    if (seconds > 0) await sleep((seconds * 1000) / count);
  }
}

const answered = (tally: Tally, users: readonly User[] = tally.asked) =>
  users.filter((u) => (tally.answers.get(u.id) ?? 0) > 0).length;

async function startBot(api: BotApiEmulator, redis: RedisServer | undefined, dataDir?: string) {
  return startBotProcess(
    {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      ...(redis ? { REDIS_URL: redis.url } : {}),
    },
    dataDir ? { dataDir } : {},
  );
}

/** Runs the three faults and prints the figures; returns whether every target was met. */
export async function faultPhase(): Promise<boolean> {
  const api = await BotApiEmulator.start({
    token: TOKEN,
    botInfo: { username: "fault_load_bot" },
    recordCalls: false,
    maxMessagesPerChat: 5,
  });
  const tally: Tally = { asked: [], answers: new Map() };
  api.onSettled((call) => {
    if (call.method !== "sendMessage" || !call.response?.ok) return;
    const chat = (call.payload as { chat_id: number }).chat_id;
    tally.answers.set(chat, (tally.answers.get(chat) ?? 0) + 1);
  });
  let redis: RedisServer | undefined;
  let bot: BotProcess | undefined;
  const lines: string[] = [];
  let recoveryOk = true;
  try {
    redis = hasRedisServer() ? await startRedis() : undefined;
    bot = await startBot(api, redis);
    await sleep(1000);
    // 1. Redis killed (SIGKILL) and restarted on its append-only file while questions arrive.
    if (redis) {
      const before = tally.asked.length;
      const asking = ask(api, tally, 200, 10);
      await sleep(3000);
      await redis.stop("SIGKILL");
      await sleep(3000);
      redis = await startRedis({ port: redis.port, dir: redis.dir });
      await asking;
      const batch = tally.asked.slice(before);
      const done = await until(() => answered(tally, batch) === batch.length, 30_000);
      lines.push(
        `Redis killed for 3 s: ${answered(tally, batch)}/${batch.length} answered${done ? "" : " (some lost)"}`,
      );
    } else lines.push("Redis: skipped (redis-server not installed)");

    // 2. The Bot API unreachable for 30 s (every call dropped), questions still being asked.
    {
      const before = tally.asked.length;
      const outage = [
        api.failWhile("getUpdates", { kind: "drop" }),
        api.failWhile("*", { kind: "drop" }),
      ];
      await ask(api, tally, 100, OUTAGE_SECONDS - 5);
      await sleep(5000);
      for (const fault of outage) fault.stop();
      const back = Date.now();
      const batch = tally.asked.slice(before);
      await until(() => answered(tally, batch) === batch.length, 60_000);
      const recovery = (Date.now() - back) / 1000;
      recoveryOk &&= recovery <= 30;
      lines.push(
        `Bot API down ${OUTAGE_SECONDS} s: ${answered(tally, batch)}/${batch.length} answered, all within ${recovery.toFixed(1)} s of its return (target ≤ 30 s)`,
      );
    }

    // 3. SIGTERM in the middle of a burst, then a new process on the same data.
    {
      const before = tally.asked.length;
      await ask(api, tally, 300, 0);
      const batch = tally.asked.slice(before);
      await until(() => answered(tally, batch) >= 50, 30_000);
      const stopped = Date.now();
      const code = await bot.stop("SIGTERM");
      const drained = answered(tally, batch);
      bot = await startBot(api, redis, bot.dataDir);
      await until(() => answered(tally, batch) === batch.length, 30_000);
      lines.push(
        `SIGTERM in a burst of ${batch.length}: exit ${code} after ${((Date.now() - stopped) / 1000).toFixed(1)} s with ${drained} answered, the rest by the next process`,
      );
    }
    await sleep(2000); // late duplicates, if any, would arrive now
  } finally {
    await bot?.stop("SIGTERM");
    await redis?.stop();
    await api.close();
  }
  const asked = tally.asked.length;
  const got = answered(tally);
  const duplicated = tally.asked.filter((u) => (tally.answers.get(u.id) ?? 0) > 1).length;
  const lost = asked - got;
  for (const line of lines) console.log(`faults       ${line}`);
  const ok = lost === 0 && duplicated === 0 && recoveryOk;
  console.log(
    `faults       asked ${asked}, answered ${got}, duplicated ${duplicated}, lost ${lost}\n${"".padEnd(12)} target: 0 lost, 0 duplicated, recovery ≤ 30 s → ${ok ? "PASS" : "FAIL"}`,
  );
  return ok;
}
