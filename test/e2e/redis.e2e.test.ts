import type { User } from "grammy/types";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import {
  freePort,
  hasRedisServer,
  type RedisServer,
  startRedis,
} from "../../testkit/redis-server.js";
import { BotApiEmulator, makeUser, privateChat } from "../../testkit/telegram/emulator.js";

// CI installs redis-server (.ci/run); a developer machine without it skips, CI never does.
const runnable = hasRedisServer() || process.env.CI === "true";

const TOKEN = "777006:REDIS-secret-token-abcdefghij0123";
const QUESTION = "What did Glazyev say about sanctions?";
/** The reply to /lang, in the user's language (chosen, else Telegram's). */
const IN_RUSSIAN = "Выберите язык моих ответов:";
const IN_CHINESE = "请选择我的回复语言：";
let api: BotApiEmulator;
const bots: BotProcess[] = [];
const servers: RedisServer[] = [];

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "redis_e2e_bot" } });
});
afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop("SIGKILL")));
  await Promise.all(servers.map((server) => server.stop("SIGKILL")));
  await api?.close();
});

async function redisServer(options: Parameters<typeof startRedis>[0] = {}) {
  const server = await startRedis(options);
  servers.push(server);
  return server;
}

async function startPolling(env: Record<string, string>): Promise<BotProcess> {
  const since = api.mark();
  const bot = await startBotProcess({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, ...env });
  bots.push(bot);
  await api.waitFor((c) => c.method === "getUpdates", 10_000, { since });
  return bot;
}

/** Sends `text` (a question by default) and resolves with the bot's reply. */
async function ask(user: User, timeoutMs = 5_000, text = QUESTION): Promise<string> {
  const since = api.mark();
  api.userSendsText(user, privateChat(user), text);
  const answer = await api.waitForMessage({ chatId: user.id }, timeoutMs, { since });
  return answer.text ?? "";
}

async function chooseLanguage(user: User, language: string): Promise<void> {
  const since = api.mark();
  api.userSendsText(user, privateChat(user), "/lang");
  const menu = await api.waitForMessage({ chatId: user.id }, 10_000, { since });
  const id = api.userTapsButton(user, menu, `l:${language}`);
  await api.waitForCallbackAnswer(id, 10_000, { since });
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, "g"))?.length ?? 0;

describe.runIf(runnable)("with Redis (REDIS_URL)", () => {
  it("answers in Telegram's language while Redis is down, logs the outage once, and uses the stored choice again when it is back", async () => {
    const redis = await redisServer();
    const bot = await startPolling({ REDIS_URL: redis.url });
    const user = makeUser({ language_code: "ru" });
    await chooseLanguage(user, "zh");
    expect(await ask(user, 5_000, "/lang")).toBe(IN_CHINESE);
    // A crash of Redis after appendfsync everysec has had its second.
    await new Promise((r) => setTimeout(r, 1_500));
    await redis.stop("SIGKILL");
    for (let i = 0; i < 3; i++) expect(await ask(user)).toContain("¶3");
    expect(await ask(user, 5_000, "/lang")).toBe(IN_RUSSIAN);
    expect(count(bot.output(), /"msg":"Preferences unavailable/)).toBe(1);

    servers.push(await startRedis({ port: redis.port, dir: redis.dir }));
    await bot.waitForLog(/Preferences available again/, 10_000);
    // The append-only file kept the choice through the crash.
    expect(await ask(user, 5_000, "/lang")).toBe(IN_CHINESE);
    expect(bot.output()).not.toMatch(/appendonly is off/);
    expect(await bot.stop("SIGTERM")).toBe(0);
  }, 40_000);

  it("keeps answering when Redis freezes (calls time out after about a second)", async () => {
    const redis = await redisServer();
    const bot = await startPolling({ REDIS_URL: redis.url });
    const user = makeUser({ language_code: "ru" });
    redis.child.kill("SIGSTOP");
    try {
      const started = Date.now();
      expect(await ask(user, 8_000)).toContain("¶3");
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      redis.child.kill("SIGCONT");
    }
    expect(await bot.stop("SIGTERM")).toBe(0);
  }, 30_000);

  it("treats a value that is not valid JSON as absent, logs it once, and prefixes every key", async () => {
    const redis = await redisServer();
    const bot = await startPolling({ REDIS_URL: redis.url, REDIS_PREFIX: "shared:" });
    const client = new Redis(redis.url);
    try {
      const broken = makeUser({ language_code: "ru" });
      await client.set(`shared:${broken.id}`, "{not json");
      expect(await ask(broken, 5_000, "/lang")).toBe(IN_RUSSIAN);
      expect(await ask(broken, 5_000, "/lang")).toBe(IN_RUSSIAN);
      expect(count(bot.output(), /Redis value ignored/)).toBe(1);

      const chooser = makeUser();
      await chooseLanguage(chooser, "zh");
      expect(await client.get(`shared:${chooser.id}`)).toBe('{"language":"zh"}');
      expect(await client.get(String(chooser.id))).toBeNull();
    } finally {
      client.disconnect();
    }
    expect(await bot.stop("SIGTERM")).toBe(0);
  });

  it("warns at start-up when Redis runs without the append-only file", async () => {
    const redis = await redisServer({ appendOnly: false });
    const bot = await startPolling({ REDIS_URL: redis.url });
    expect(bot.output()).toMatch(/appendonly is off/);
    expect(await bot.stop("SIGTERM")).toBe(0);
  });
});

describe.runIf(runnable)("two webhook instances sharing Redis", () => {
  it("answer an update delivered to both only once", async () => {
    const redis = await redisServer();
    const started = await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        const bot = await startBotProcess(
          {
            BOT_TOKEN: TOKEN,
            TELEGRAM_API_ROOT: api.apiRoot,
            WEBHOOK_URL: "https://bot.example.test/hook",
            WEBHOOK_SECRET: "webhook_secret_0123456789abcdef",
            PORT: String(port),
            REDIS_URL: redis.url,
          },
          { readyLog: /webhook listening/ },
        );
        bots.push(bot);
        return { bot, port };
      }),
    );
    const user = makeUser();
    api.registerChat(privateChat(user));
    const since = api.mark();
    const body = JSON.stringify({
      update_id: 800_001,
      message: { message_id: 1, date: 0, chat: privateChat(user), from: user, text: QUESTION },
    });
    const statuses = await Promise.all(
      started.map(({ port }) =>
        fetch(`http://127.0.0.1:${port}/hook`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": "webhook_secret_0123456789abcdef",
          },
          body,
        }).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual([200, 200]);
    await api.waitForMessage({ chatId: user.id }, 10_000, { since });
    await api.settled(since, 300);
    expect(api.sentMessages(user.id)).toHaveLength(1);
    for (const { bot } of started) expect(await bot.stop("SIGTERM")).toBe(0);
  });
});

describe.runIf(runnable)(
  "start-up with Redis unusable is one line saying which and how to fix it",
  () => {
    it("Redis not running", async () => {
      const port = await freePort();
      const bot = await startBotProcess(
        {
          BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: api.apiRoot,
          REDIS_URL: `redis://127.0.0.1:${port}`,
        },
        { readyLog: /Cannot reach Redis/ },
      );
      expect(await bot.exited()).toBe(1);
      expect(bot.output().trim()).toBe(
        `Cannot reach Redis at 127.0.0.1:${port} (ECONNREFUSED): start redis-server there, or fix REDIS_URL.`,
      );
    });

    it.each([
      ["a wrong password", ":wrong-password@", "WRONGPASS"],
      ["no password", "", "NOAUTH: a password is required"],
    ])("%s", async (_name, credentials, problem) => {
      const redis = await redisServer({ password: "right-password" });
      const bot = await startBotProcess(
        {
          BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: api.apiRoot,
          REDIS_URL: `redis://${credentials}127.0.0.1:${redis.port}`,
        },
        { readyLog: /refused the credentials/ },
      );
      expect(await bot.exited()).toBe(1);
      expect(bot.output().trim()).toBe(
        `Redis at 127.0.0.1:${redis.port} refused the credentials in REDIS_URL (${problem}): put the right password in REDIS_URL (redis://:PASSWORD@host:port or redis://USER:PASSWORD@host:port).`,
      );
      expect(bot.output()).not.toContain("wrong-password");
    });
  },
);
