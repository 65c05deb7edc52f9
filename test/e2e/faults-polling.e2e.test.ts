import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import {
  BotApiEmulator,
  type Fault,
  makeUser,
  privateChat,
} from "../../testkit/telegram/emulator.js";

const TOKEN = "777011:POLLFAULT-secret-token-abcdefghij0123";
const QUESTION = "What did Glazyev say about sanctions?";
let api: BotApiEmulator;
let bot: BotProcess;
let asked = 0;

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "faulty_polls_e2e_bot" } });
  bot = await startBotProcess({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
  await api.waitFor((c) => c.method === "getUpdates", 10_000, { since: 0 });
});

afterAll(async () => {
  await bot?.stop("SIGTERM");
  await api?.close();
  expect(bot.output()).not.toContain(TOKEN.split(":")[1]);
});

/**
 * Asks once and resolves with every answer the user received for it (expected: exactly one),
 * once every call of the bot is answered and it has been quiet a moment: a retry or a second
 * answer would come by then.
 */
async function askAndCollect(user = makeUser()): Promise<Message[]> {
  asked++;
  const since = api.mark();
  api.userSendsText(user, privateChat(user), QUESTION);
  await api.waitForMessage({ chatId: user.id, text: /¶3/ }, 30_000, { since });
  await api.settled(since, 300);
  return api.sentMessages(user.id).filter((m) => /¶3/.test(m.text ?? ""));
}

describe("with a flaky getUpdates the bot keeps answering, once per question", () => {
  it.each<[string, Fault]>([
    ["HTTP 502", { kind: "http", status: 502 }],
    ["a dropped connection", { kind: "drop" }],
    ["HTTP 500 twice", { kind: "http", status: 500 }],
  ])(
    "on getUpdates: %s",
    async (_name, fault) => {
      const since = api.mark();
      const handle = api.failNext("getUpdates", fault, 2);
      // The long poll in flight returns with this question; the next polls meet the fault.
      const first = askAndCollect();
      await api.waitFor((c) => c.method === "getUpdates" && c.fault !== undefined, 15_000, {
        since,
      });
      const second = askAndCollect();
      expect(await first).toHaveLength(1);
      expect(await second).toHaveLength(1);
      expect(handle.hits).toBe(2);
    },
    40_000,
  );

  it("answered every question exactly once, and is still running", () => {
    const answers = api
      .callsTo("sendMessage")
      .filter((c) => c.response?.ok && /¶3/.test(String((c.payload as { text: string }).text)));
    expect(answers).toHaveLength(asked);
    expect(bot.child.exitCode).toBeNull();
  });
});
