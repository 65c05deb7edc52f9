import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import {
  type BotApiEmulator,
  makeUser,
  privateChat,
  type RecordedCall,
} from "../../testkit/telegram/emulator.js";
import { POLLING_ENV, PollingBots, pauses, QUESTION } from "./polling-bots.js";

let polling: PollingBots;
let api: BotApiEmulator;

beforeAll(async () => {
  polling = await PollingBots.start("777005:POLLING-secret-token-abcdefghij012", "polling_e2e_bot");
  api = polling.api;
});
afterAll(async () => {
  await polling?.close();
});

describe("long polling recovers", () => {
  it("abandons a getUpdates that never answers, a few seconds after its timeout", async () => {
    const bot = await polling.startPolling();
    const since = api.mark();
    api.failNext("getUpdates", { kind: "timeout", ms: Number.POSITIVE_INFINITY });
    await api.waitFor((c) => c.method === "getUpdates" && c.fault !== undefined, 5_000, { since });
    // POLL_TIMEOUT_SECONDS=1: abandoned after twice its timeout, then polled again at once.
    await polling.ask(api, 10_000);
    expect(bot.child.exitCode).toBeNull();
  }, 20_000);

  it("answers within RETRY_MAX_SECONDS of the Bot API coming back", async () => {
    const bot = await polling.startPolling();
    const since = api.mark();
    const outage = api.failWhile("getUpdates", { kind: "drop" });
    await api.waitFor((c) => c.method === "getUpdates" && c.fault !== undefined, 5_000, { since });
    const user = makeUser();
    api.userSendsText(user, privateChat(user), QUESTION);
    // Four failed polls: pauses of 0.5 s, 1 s, then 1 s at the cap (uncapped, 2 s).
    const failed = await polling.failedCalls("getUpdates", 4, since);
    outage.stop();
    const back = Date.now();
    await api.waitForMessage({ chatId: user.id, text: /¶3/ }, 15_000, { since });
    expect(Date.now() - back).toBeLessThan(2_500);
    expect(Math.max(...pauses(failed))).toBeLessThan(1_600);
    expect(bot.output()).toMatch(/"msg":"Bot API unreachable: waiting for Telegram"/);
  }, 30_000);

  it("says it is waiting for Telegram when started with the Bot API down, and answers soon after it is back", async () => {
    await polling.stopEarlierBots();
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
          BOT_TOKEN: polling.token,
          TELEGRAM_API_ROOT: api.apiRoot,
          ...POLLING_ENV,
        },
        { readyLog: /waiting for Telegram/ },
      );
      polling.bots.push(bot);
      api.userSendsText(user, privateChat(user), QUESTION);
      // Three failed getMe: uncapped, start-up would pause 1 s, then 2 s between them.
      failed = await polling.failedCalls("getMe", 3, since);
    } finally {
      for (const fault of outage) fault.stop();
    }
    const back = Date.now();
    await api.waitForMessage({ chatId: user.id, text: /¶3/ }, 15_000, { since });
    expect(Date.now() - back).toBeLessThan(3_000);
    expect(Math.max(...pauses(failed))).toBeLessThan(1_600);
    await bot.stop("SIGTERM");
  }, 30_000);
});
