import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import {
  BotApiEmulator,
  type Fault,
  makeUser,
  privateChat,
} from "../../testkit/telegram/emulator.js";

const TOKEN = "777001:FAULTS-secret-token-abcdefghij012345";
const QUESTION = "What did Glazyev say about sanctions?";
let api: BotApiEmulator;
let bot: BotProcess;
let asked = 0;

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "faulty_e2e_bot" } });
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

describe("with a flaky Bot API the bot keeps answering, once per question", () => {
  it.each<[string, Fault]>([
    ["HTTP 500", { kind: "http", status: 500 }],
    ["HTTP 502", { kind: "http", status: 502 }],
    ["a dropped connection", { kind: "drop" }],
    ["a slow answer (2 s)", { kind: "timeout", ms: 2000 }],
    ["429 with retry_after", { kind: "retryAfter", seconds: 1 }],
  ])("on sendMessage: %s", async (_name, fault) => {
    const handle = api.failNext("sendMessage", fault);
    const answers = await askAndCollect();
    expect(handle.hits).toBe(1);
    expect(answers).toHaveLength(1);
  });

  it("does not retry a user who blocked the bot, and logs it once", async () => {
    const blocked = makeUser();
    api.userBlocksBot(blocked);
    const since = api.mark();
    api.userSendsText(blocked, privateChat(blocked), QUESTION);
    await api.waitFor((c) => c.method === "sendMessage" && c.status === 403, 10_000, { since });
    // A retry of the blocked send would come within auto-retry's first pause.
    await api.settled(since, 1_500);
    const attempts = api.calls.filter(
      (c) =>
        c.seq >= since &&
        c.method === "sendMessage" &&
        (c.payload as { chat_id: number }).chat_id === blocked.id,
    );
    expect(attempts).toHaveLength(1);
    expect(
      bot
        .output()
        .match(
          new RegExp(
            `"chat":${blocked.id},"description":"Forbidden: bot was blocked by the user"`,
            "g",
          ),
        ),
    ).toHaveLength(1);
    expect(await askAndCollect()).toHaveLength(1); // everyone else is still answered
  });

  it("treats 'message is not modified' on an edit as done", async () => {
    const user = makeUser();
    const since = api.mark();
    api.userSendsText(user, privateChat(user), "/lang");
    const menu = await api.waitForMessage({ chatId: user.id }, 10_000, { since });
    api.failNext("editMessageText", { kind: "notModified" });
    const id = api.userTapsButton(user, menu, "l:en");
    const answered = await api.waitForCallbackAnswer(id, 10_000, { since });
    expect(answered.response?.ok).toBe(true);
    await api.settled(since);
    expect(bot.output()).not.toMatch(/"level":50.*message is not modified/);
    expect(await askAndCollect(user)).toHaveLength(1);
  });

  it("answered every question exactly once, and is still running", () => {
    const answers = api
      .callsTo("sendMessage")
      .filter((c) => c.response?.ok && /¶3/.test(String((c.payload as { text: string }).text)));
    expect(answers).toHaveLength(asked);
    expect(bot.child.exitCode).toBeNull();
  });
});
