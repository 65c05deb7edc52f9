import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import {
  BotApiEmulator,
  makeUser,
  privateChat,
  type RecordedCall,
} from "../../testkit/telegram/emulator.js";

const TOKEN = "777005:POLLING-secret-token-abcdefghij012";
const QUESTION = "What did Glazyev say about sanctions?";
let api: BotApiEmulator;
const bots: BotProcess[] = [];

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "polling_e2e_bot" } });
});
afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop("SIGKILL")));
  await api?.close();
});

/** One poller at a time: an earlier test's bot would meet the faults meant for this one. */
async function stopEarlierBots(): Promise<void> {
  await Promise.all(bots.splice(0).map((bot) => bot.stop("SIGKILL")));
}

/** A polling bot with short timings, as a test can afford to wait for. */
async function startPolling(emulator = api, env: Record<string, string> = {}) {
  await stopEarlierBots();
  const since = emulator.mark();
  const bot = await startBotProcess({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    POLL_TIMEOUT_SECONDS: "1",
    RETRY_MAX_SECONDS: "1",
    ...env,
  });
  bots.push(bot);
  await emulator.waitFor((c) => c.method === "getUpdates", 10_000, { since });
  return bot;
}

async function ask(emulator = api, timeoutMs = 10_000) {
  const user = makeUser();
  const since = emulator.mark();
  emulator.userSendsText(user, privateChat(user), QUESTION);
  return emulator.waitForMessage({ chatId: user.id, text: /¶3/ }, timeoutMs, { since });
}

/** Waits for `count` calls of `method` that met an injected fault since `since`. */
async function failedCalls(method: string, count: number, since: number): Promise<RecordedCall[]> {
  const failed = () => api.calls.filter((c) => c.seq >= since && c.method === method && c.fault);
  await expect
    .poll(() => failed().length, { timeout: 10_000, interval: 50 })
    .toBeGreaterThanOrEqual(count);
  return failed();
}

/** Milliseconds between one call and the next. */
function pauses(calls: readonly RecordedCall[]): number[] {
  return calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? call.at));
}

describe("long polling recovers", () => {
  it("abandons a getUpdates that never answers, a few seconds after its timeout", async () => {
    const bot = await startPolling();
    const since = api.mark();
    api.failNext("getUpdates", { kind: "timeout", ms: Number.POSITIVE_INFINITY });
    await api.waitFor((c) => c.method === "getUpdates" && c.fault !== undefined, 5_000, { since });
    // POLL_TIMEOUT_SECONDS=1: abandoned after twice its timeout, then polled again at once.
    await ask(api, 10_000);
    expect(bot.child.exitCode).toBeNull();
  }, 20_000);

  it("answers within RETRY_MAX_SECONDS of the Bot API coming back", async () => {
    const bot = await startPolling();
    const since = api.mark();
    const outage = api.failWhile("getUpdates", { kind: "drop" });
    await api.waitFor((c) => c.method === "getUpdates" && c.fault !== undefined, 5_000, { since });
    const user = makeUser();
    api.userSendsText(user, privateChat(user), QUESTION);
    // Four failed polls: pauses of 0.5 s, 1 s, then 1 s at the cap (uncapped, 2 s).
    const failed = await failedCalls("getUpdates", 4, since);
    outage.stop();
    const back = Date.now();
    await api.waitForMessage({ chatId: user.id, text: /¶3/ }, 15_000, { since });
    expect(Date.now() - back).toBeLessThan(2_500);
    expect(Math.max(...pauses(failed))).toBeLessThan(1_600);
    expect(bot.output()).toMatch(/"msg":"Bot API unreachable: waiting for Telegram"/);
  }, 30_000);

  it("says it is waiting for Telegram when started with the Bot API down, and answers soon after it is back", async () => {
    await stopEarlierBots();
    const since = api.mark();
    const outage = [
      api.failWhile("getMe", { kind: "drop" }),
      api.failWhile("getUpdates", { kind: "drop" }),
    ];
    let bot: BotProcess;
    let failed: RecordedCall[] = [];
    const user = makeUser();
    try {
      bot = await startBotProcess(
        {
          BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: api.apiRoot,
          POLL_TIMEOUT_SECONDS: "1",
          RETRY_MAX_SECONDS: "1",
        },
        { readyLog: /waiting for Telegram/ },
      );
      bots.push(bot);
      api.userSendsText(user, privateChat(user), QUESTION);
      // Three failed getMe: uncapped, start-up would pause 1 s, then 2 s between them.
      failed = await failedCalls("getMe", 3, since);
    } finally {
      for (const fault of outage) fault.stop();
    }
    const back = Date.now();
    await api.waitForMessage({ chatId: user.id, text: /¶3/ }, 15_000, { since });
    expect(Date.now() - back).toBeLessThan(3_000);
    expect(Math.max(...pauses(failed))).toBeLessThan(1_600);
    await bot.stop("SIGTERM");
  }, 30_000);

  it("keeps polling after 409 Conflict (another poller), saying what to do", async () => {
    const bot = await startPolling();
    const since = api.mark();
    api.failNext(
      "getUpdates",
      { kind: "error", code: 409, description: "Conflict: terminated by other getUpdates request" },
      2,
    );
    await api.waitFor((c) => c.method === "getUpdates" && c.fault !== undefined, 5_000, { since });
    await ask();
    expect(bot.child.exitCode).toBeNull();
    expect(bot.output()).toMatch(/Another process is polling with this token/);
  });

  it("stops with one line when the token is revoked while running (401)", async () => {
    const bot = await startPolling();
    api.failWhile("getUpdates", { kind: "error", code: 401, description: "Unauthorized" });
    try {
      expect(await bot.exited()).toBe(1);
    } finally {
      api.clearFaults();
    }
    expect(bot.output()).toMatch(
      /"msg":"The Bot API rejected BOT_TOKEN \(401 Unauthorized\): the token was revoked or changed/,
    );
    expect(bot.output()).not.toMatch(/uncaught|stack/);
  });

  it("survives a Bot API answer that is not a list of updates", async () => {
    const odd = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "odd_bot" } });
    try {
      const bot = await startPolling(odd);
      odd.handle("getUpdates", () => ({}));
      const since = odd.mark();
      await bot.waitForLog(/getUpdates answered something that is not a list of updates/);
      // It polls again (after its back-off) instead of crashing.
      const polls = () => odd.calls.filter((c) => c.seq >= since && c.method === "getUpdates");
      await expect.poll(() => polls().length, { timeout: 5_000, interval: 50 }).toBeGreaterThan(1);
      expect(bot.child.exitCode).toBeNull();
      await bot.stop("SIGTERM");
    } finally {
      await odd.close();
    }
  });
});
