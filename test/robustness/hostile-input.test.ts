import { describe, expect, it } from "vitest";
import { assertTelegramHtml } from "../../testkit/telegram/html.js";
import { createHarness, type Harness } from "../support/bot-harness.js";

/** Every message the bot sent is valid Telegram HTML (or plain text) and fits one message. */
function expectWellFormedReplies(bot: Harness): void {
  for (const call of bot.calls.filter(
    (c) => c.method === "sendMessage" || c.method === "editMessageText",
  )) {
    const text = String(call.payload.text);
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(4096);
    if (call.payload.parse_mode === "HTML") assertTelegramHtml(text);
  }
  expect(bot.logs.filter((line) => line.includes('"level":50'))).toEqual([]);
}

/** After any hostile input, the next real question is answered normally. */
async function expectStillAnswering(bot: Harness): Promise<void> {
  bot.clear();
  await bot.send("What did Glazyev say about sanctions?");
  expect(bot.texts()[0]).toContain("¶3");
}

const HOSTILE_TEXTS: [string, string][] = [
  ["whitespace only", "   \t  "],
  ["zero-width only", "\u200B\u200C\u200D\uFEFF"],
  ["a 4,096-character message", "Glazyev ".repeat(512).slice(0, 4096)],
  ["emoji only", "🙂🔥🇷🇺👍🏽"],
  ["control characters", "\u0000\u0001sanctions\u0007\u001B[31m"],
  ["right-to-left text", "\u202Eما هي العقوبات؟ Glazyev"],
  ["mixed scripts", "Glazyev санкции 制裁 sanctions"],
  ["HTML injection", "<b>sanctions</b></a><script>alert(1)</script> & Glazyev"],
  ["Markdown injection", "*bold* _it_ `code` [link](http://x) ```sanctions```"],
  ["regex metacharacters", "(.*+?)[^$]{2,}\\ sanctions |||"],
  ["a lone surrogate", "Glazyev \uD800 sanctions"],
  ["a mention only", "@docs_test_bot"],
];

describe("hostile text gets a polite reply and leaves the bot answering", () => {
  it.each(HOSTILE_TEXTS)("%s", async (_name, text) => {
    const bot = createHarness();
    await bot.send(text);
    expect(bot.texts()).toHaveLength(1);
    expectWellFormedReplies(bot);
    await expectStillAnswering(bot);
  });
});

describe("hostile /quote arguments", () => {
  it.each([
    "/quote",
    "/quote -1",
    "/quote 1 -5",
    "/quote 1 1e9",
    "/quote 1 99999999999999999999",
    "/quote 1 NaN",
    "/quote nope 3",
    "/quote <b>x</b> 2",
    "/quote 1 2 3 4",
    `/quote ${"x".repeat(3000)}`,
  ])("%s", async (command) => {
    const bot = createHarness();
    await bot.send(command);
    expect(bot.texts()).toHaveLength(1);
    expectWellFormedReplies(bot);
    await expectStillAnswering(bot);
  });
});

describe("hostile callback data", () => {
  it.each([
    ["forged", "f:../../etc/passwd:1:en"],
    ["truncated", "f:glaziev-partnership-mo"],
    ["from an old answer", "m:zzzzzz:3"],
    ["for a document that no longer exists", "o:deleted-document:2"],
    ["for a paragraph that no longer exists", "f:think-tanks-collaboration:5:ru"],
    ["over 64 bytes", `o:${"a".repeat(80)}:1`],
    ["empty", ""],
    ["an unknown language", "l:fr"],
  ])("%s data is answered politely, once", async (_name, data) => {
    const bot = createHarness();
    await bot.tap(data);
    expect(bot.calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(bot.texts()).toEqual([]);
    expectWellFormedReplies(bot);
    await expectStillAnswering(bot);
  });
});

describe("hostile inline queries", () => {
  it.each([
    ["longer than 256 characters", "sanctions ".repeat(60)],
    ["HTML", "<i>sanctions</i> &amp;"],
    ["empty", ""],
  ])("%s", async (_name, query) => {
    const bot = createHarness();
    await bot.update({
      inline_query: { id: "1", from: { id: 7, is_bot: false, first_name: "A" }, query, offset: "" },
    });
    const call = bot.calls.find((c) => c.method === "answerInlineQuery");
    const results = (call?.payload.results ?? []) as {
      input_message_content: { message_text: string };
    }[];
    expect(results.length).toBeLessThanOrEqual(50);
    for (const result of results) assertTelegramHtml(result.input_message_content.message_text);
    await expectStillAnswering(bot);
  });
});

describe("commands addressed to another bot", () => {
  it("are ignored in groups", async () => {
    const bot = createHarness();
    await bot.send("/quote@someone_else_bot 1 2", { chat: { id: -5, type: "group" } });
    expect(bot.calls).toEqual([]);
  });
});
