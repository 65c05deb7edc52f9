import { MemorySessionStorage } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { QuestionLog } from "../../src/questions/log.js";
import type { QuestionRecord } from "../../src/questions/record.js";
import { SearchEngine } from "../../src/search/engine.js";
import { FEATURE_NAMES } from "../../src/search/features.js";
import { type Call, createHarness } from "../support/bot-harness.js";

const knowledge = await loadKnowledge("knowledge");
// Every passage at 20%: plausible, never confident, so every answer is the closest passage.
const unsure = new SearchEngine(
  knowledge,
  {},
  {
    model: {
      features: [...FEATURE_NAMES],
      weights: FEATURE_NAMES.map(() => 0),
      bias: Math.log(0.2 / 0.8),
    },
  },
);

const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/** A harness whose question log is kept in `storage`, to look at what was written. */
function withLog(env: Record<string, string> = {}) {
  const storage = new MemorySessionStorage<QuestionRecord>();
  const config = loadConfig({ BOT_TOKEN: TOKEN, ...env });
  const log = new QuestionLog(storage, config.questionLog);
  const bot = createHarness(env, undefined, undefined, log);
  return { bot, storage, log };
}

const markupOf = (call: Call | undefined) => call?.payload.reply_markup as InlineKeyboardMarkup;
const lastAnswer = (calls: readonly Call[]) =>
  [...calls].reverse().find((c) => c.method === "sendMessage" && c.payload.reply_markup);
const buttonTexts = (markup: InlineKeyboardMarkup) =>
  markup.inline_keyboard.flat().map((button) => button.text);
const feedbackData = (markup: InlineKeyboardMarkup, verdict: "u" | "d") =>
  markup.inline_keyboard
    .flat()
    .map((b) => ("callback_data" in b ? b.callback_data : ""))
    .find((data) => data.startsWith("v:") && data.endsWith(`:${verdict}`)) ?? "";

describe("feedback under an answer", () => {
  it("offers 👍 and 👎 with compact data naming the logged question", async () => {
    const { bot, storage } = withLog();
    await bot.send("payments in national currencies");
    const markup = markupOf(lastAnswer(bot.calls));
    expect(buttonTexts(markup)).toEqual(expect.arrayContaining(["👍", "👎"]));
    const [id] = storage.readAllKeys();
    expect(feedbackData(markup, "u")).toBe(`v:${id}:u`);
    expect(Buffer.byteLength(feedbackData(markup, "d"))).toBeLessThanOrEqual(64);
  });

  it("stores the verdict, thanks in the user's language and marks the chosen button", async () => {
    const { bot, storage } = withLog();
    await bot.send("Что Глазьев сказал о санкциях?", { language: "ru" });
    const markup = markupOf(lastAnswer(bot.calls));
    bot.clear();
    await bot.tap(feedbackData(markup, "u"), { language: "ru", markup });
    expect(storage.readAllValues()[0]?.feedback).toBe("up");
    const answer = bot.calls.find((c) => c.method === "answerCallbackQuery");
    expect(answer?.payload.text).toMatch(/^Спасибо!/);
    const edited = bot.calls.find((c) => c.method === "editMessageReplyMarkup");
    expect(buttonTexts(markupOf(edited))).toEqual(expect.arrayContaining(["👍 ✓", "👎"]));
    expect(buttonTexts(markupOf(edited))).toEqual(
      expect.arrayContaining(buttonTexts(markup).slice(0, 2)),
    );
  });

  it("can be changed: the other button replaces the verdict and the mark moves", async () => {
    const { bot, storage } = withLog();
    await bot.send("payments in national currencies");
    const markup = markupOf(lastAnswer(bot.calls));
    await bot.tap(feedbackData(markup, "u"), { markup });
    const afterUp = markupOf(bot.calls.findLast((c) => c.method === "editMessageReplyMarkup"));
    await bot.tap(feedbackData(afterUp, "d"), { markup: afterUp });
    expect(storage.readAllValues()[0]?.feedback).toBe("down");
    const afterDown = markupOf(bot.calls.findLast((c) => c.method === "editMessageReplyMarkup"));
    expect(buttonTexts(afterDown)).toEqual(expect.arrayContaining(["👍", "👎 ✓"]));
  });

  it("is only taken from the person who asked", async () => {
    const { bot, storage } = withLog();
    await bot.send("payments in national currencies", { user: 7 });
    const markup = markupOf(lastAnswer(bot.calls));
    bot.clear();
    await bot.tap(feedbackData(markup, "d"), { user: 8, markup });
    expect(storage.readAllValues()[0]?.feedback).toBeUndefined();
    expect(bot.calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      "Only the person who asked can rate this answer.",
    );
    expect(bot.calls.some((c) => c.method === "editMessageReplyMarkup")).toBe(false);
  });

  it("is offered under a closest-passage reply too", async () => {
    const storage = new MemorySessionStorage<QuestionRecord>();
    const log = new QuestionLog(storage, loadConfig({ BOT_TOKEN: TOKEN }).questionLog);
    const bot = createHarness({}, undefined, { knowledge, engine: unsure }, log);
    await bot.send("payments in national currencies");
    expect(bot.texts()[0]).toMatch(/^This may not answer your question/);
    expect(buttonTexts(markupOf(lastAnswer(bot.calls)))).toEqual(
      expect.arrayContaining(["👍", "👎"]),
    );
    expect(storage.readAllValues()[0]?.outcome).toBe("closest");
  });

  it("is not offered when nothing was found", async () => {
    const { bot } = withLog();
    await bot.send("What's the weather in Paris tomorrow?");
    expect(bot.calls.some((c) => c.payload.reply_markup)).toBe(false);
  });
});

describe("the question log", () => {
  it("keeps the question, its language, the outcome and the passages with their confidence", async () => {
    const { bot, storage } = withLog();
    const before = Date.now();
    await bot.send("格拉济耶夫谈本币结算", { language: "zh" });
    const [entry] = storage.readAllValues();
    expect(entry).toMatchObject({ q: "格拉济耶夫谈本币结算", lang: "zh", outcome: "answered" });
    expect(entry?.passages[0]).toMatchObject({
      doc: "glaziev-partnership-model",
      paragraph: 8,
      confident: true,
    });
    expect(entry?.passages[0]?.confidence).toBeGreaterThan(0.5);
    expect(entry?.at).toBeGreaterThanOrEqual(before);
  });

  it("records unanswered questions as such", async () => {
    const { bot, storage } = withLog();
    await bot.send("What's the weather in Paris tomorrow?");
    expect(storage.readAllValues()[0]).toMatchObject({ outcome: "none", passages: [] });
  });

  it("keeps the asker only as a keyed hash, never the id", async () => {
    const { bot, storage } = withLog();
    await bot.send("payments in national currencies", { user: 987654321 });
    const stored = JSON.stringify(storage.readAllValues());
    expect(stored).not.toContain("987654321");
    expect(storage.readAllValues()[0]?.user).toMatch(/^[0-9a-f]{16}$/);
  });

  it("adds the passages of More to the same entry", async () => {
    const { bot, storage } = withLog();
    await bot.send("China and Russia cooperation");
    const more = bot.lastButtons().get("More ▸") ?? "";
    await bot.tap(more);
    expect(storage.readAllKeys()).toHaveLength(1);
    expect(storage.readAllValues()[0]?.passages.length).toBeGreaterThan(3);
  });

  it("writes nothing and offers no feedback with QUESTION_LOG=off", async () => {
    const { bot, storage } = withLog({ QUESTION_LOG: "off" });
    await bot.send("payments in national currencies");
    await bot.send("What's the weather in Paris tomorrow?");
    expect(storage.readAllKeys()).toEqual([]);
    const markup = markupOf(lastAnswer(bot.calls));
    expect(buttonTexts(markup)).not.toContain("👍");
  });
});
