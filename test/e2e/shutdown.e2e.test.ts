import { connect, createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import { BotApiEmulator, makeUser, privateChat } from "../../testkit/telegram/emulator.js";

const TOKEN = "777004:SHUTDOWN-secret-token-abcdefghij01";
const SECRET = "webhook_secret_0123456789abcdef";
const QUESTION = "What did Glazyev say about sanctions?";
let api: BotApiEmulator;

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "shutdown_e2e_bot" } });
});
afterAll(async () => {
  await api?.close();
});

/** Resolves once `condition` holds, checking every 20 ms. */
async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startPolling(env: Record<string, string> = {}): Promise<BotProcess> {
  const since = api.mark();
  const bot = await startBotProcess({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, ...env });
  await api.waitFor((c) => c.method === "getUpdates", 10_000, { since });
  return bot;
}

async function startWebhook(env: Record<string, string> = {}) {
  const port = await freePort();
  const bot = await startBotProcess(
    {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      WEBHOOK_URL: "https://bot.example.test/hook",
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      ...env,
    },
    { readyLog: /webhook listening/ },
  );
  return { bot, port };
}

/** Calls to sendMessage since `since` for `chatId` that Telegram accepted. */
function delivered(since: number, chatId: number) {
  return api.calls.filter(
    (c) =>
      c.seq >= since &&
      c.method === "sendMessage" &&
      c.response?.ok === true &&
      (c.payload as { chat_id: number }).chat_id === chatId,
  );
}

function sendMessageAttempts(since: number): number {
  return api.calls.filter((c) => c.seq >= since && c.method === "sendMessage").length;
}

describe("SIGTERM in long polling", () => {
  it("answers every question already fetched, even while flood control holds answers back", async () => {
    const bot = await startPolling();
    const flood = api.failWhile("sendMessage", { kind: "retryAfter", seconds: 1 });
    const since = api.mark();
    const users = Array.from({ length: 40 }, () => makeUser());
    for (const user of users) api.userSendsText(user, privateChat(user), QUESTION);
    // Every question fetched and its answer refused once: Telegram will not send them again.
    await until(() => sendMessageAttempts(since) >= users.length);
    const exit = bot.stop("SIGTERM");
    await bot.waitForLog(/shutting down/);
    flood.stop();
    expect(await exit).toBe(0);
    for (const user of users) expect(delivered(since, user.id)).toHaveLength(1);
    expect(bot.output()).toMatch(/"msg":"stopped"/);
  }, 40_000);

  it("exits after SHUTDOWN_GRACE_SECONDS when an answer cannot be sent in time", async () => {
    const bot = await startPolling({ SHUTDOWN_GRACE_SECONDS: "1" });
    const flood = api.failWhile("sendMessage", { kind: "retryAfter", seconds: 30 });
    try {
      const since = api.mark();
      const user = makeUser();
      api.userSendsText(user, privateChat(user), QUESTION);
      await until(() => sendMessageAttempts(since) >= 1);
      const started = Date.now();
      expect(await bot.stop("SIGTERM")).toBe(1);
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(bot.output()).toMatch(/"unfinished":1,.*"grace period over/);
    } finally {
      flood.stop();
    }
  });

  it("exits at once on a second signal", async () => {
    const bot = await startPolling();
    const flood = api.failWhile("sendMessage", { kind: "retryAfter", seconds: 30 });
    try {
      const since = api.mark();
      const user = makeUser();
      api.userSendsText(user, privateChat(user), QUESTION);
      await until(() => sendMessageAttempts(since) >= 1);
      bot.child.kill("SIGTERM");
      await bot.waitForLog(/shutting down/);
      const started = Date.now();
      expect(await bot.stop("SIGINT")).toBe(1);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(bot.output()).toMatch(/second signal: exiting now/);
    } finally {
      flood.stop();
    }
  });
});

describe("SIGTERM in webhook mode", () => {
  it("does not wait for a client that keeps a connection open", async () => {
    const { bot, port } = await startWebhook();
    // A client that opened a connection and sends its headers slowly (or never finishes).
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("POST /hook HTTP/1.1\r\nHost: bot\r\n");
    socket.on("error", () => {});
    const started = Date.now();
    expect(await bot.stop("SIGTERM")).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    socket.destroy();
  });

  it("finishes an update in flight before exiting", async () => {
    const { bot, port } = await startWebhook();
    const user = makeUser();
    api.registerChat(privateChat(user));
    const flood = api.failWhile("sendMessage", { kind: "retryAfter", seconds: 1 });
    const since = api.mark();
    const body = JSON.stringify({
      update_id: 900_001,
      message: { message_id: 1, date: 0, chat: privateChat(user), from: user, text: QUESTION },
    });
    const response = fetch(`http://127.0.0.1:${port}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body,
    });
    await until(() => sendMessageAttempts(since) >= 1);
    const exit = bot.stop("SIGTERM");
    await bot.waitForLog(/shutting down/);
    flood.stop();
    expect((await response).status).toBe(200);
    expect(await exit).toBe(0);
    expect(delivered(since, user.id)).toHaveLength(1);
  });
});
