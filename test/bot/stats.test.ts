import { InputFile, MemorySessionStorage } from "grammy";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { QuestionLog } from "../../src/questions/log.js";
import type { QuestionRecord } from "../../src/questions/record.js";
import { createHarness } from "../support/bot-harness.js";
import { pngSize } from "../support/png.js";

const ADMIN = 1001;
const env = {
  ADMIN_USERS: `${ADMIN}, 1002`,
  BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
};

function statsBot(extra: Record<string, string> = {}) {
  const storage = new MemorySessionStorage<QuestionRecord>();
  const log = new QuestionLog(storage, loadConfig({ ...env, ...extra }).questionLog);
  return createHarness({ ...env, ...extra }, undefined, undefined, log);
}

async function photoOf(bot: ReturnType<typeof createHarness>): Promise<Uint8Array> {
  const call = bot.calls.find((c) => c.method === "sendPhoto");
  const photo = call?.payload.photo;
  if (!(photo instanceof InputFile)) throw new Error("no photo was sent");
  const raw = await photo.toRaw();
  if (!(raw instanceof Uint8Array)) throw new Error("the photo is not in memory");
  return raw;
}

describe("/stats", () => {
  it("sums up the logged questions for an admin, with the unanswered ones and feedback", async () => {
    const bot = statsBot();
    await bot.send("payments in national currencies", { user: 7 });
    await bot.tap(bot.lastButtons().get("👎") ?? "", { user: 7 });
    await bot.send("What's the weather in Paris tomorrow?", { user: 8 });
    await bot.send("what is the weather in paris tomorrow", { user: 9 });
    await bot.send("Что Глазьев сказал о санкциях?", { user: 9, language: "ru" });
    bot.clear();
    await bot.send("/stats", { user: ADMIN });
    const text = bot.texts().join("\n");
    expect(text).toContain("<b>Questions in the last 30 days:</b> 4");
    expect(text).toContain("Answered: 2 (50%)");
    expect(text).toContain("nothing found: 2 (50%)");
    expect(text).toContain("English 3 · Russian 1 · Chinese 0");
    // Two wordings of one question, grouped by their content words.
    expect(text).toMatch(
      /2× what is the weather in paris tomorrow|2× What's the weather in Paris tomorrow\?/,
    );
    expect(text).toContain("glaziev-partnership-model ¶8: 👍 0 · 👎 1");
  });

  it("sends the chart as a PNG picture of a sensible size", async () => {
    const bot = statsBot();
    await bot.send("payments in national currencies");
    bot.clear();
    await bot.send("/stats", { user: ADMIN });
    const png = await photoOf(bot);
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThanOrEqual(600);
    expect(width).toBeLessThanOrEqual(2500);
    expect(height).toBeGreaterThanOrEqual(400);
    expect(height).toBeLessThanOrEqual(1500);
    expect(png.length).toBeGreaterThan(5_000);
  });

  it("answers in the admin's language", async () => {
    const bot = statsBot();
    await bot.send("payments in national currencies");
    bot.clear();
    await bot.send("/stats", { user: ADMIN, language: "ru" });
    expect(bot.texts()[0]).toContain("<b>Вопросов за последние 30 дней:</b> 1");
  });

  it("refuses a stranger politely and shows nothing", async () => {
    const bot = statsBot();
    await bot.send("payments in national currencies");
    bot.clear();
    await bot.send("/stats", { user: 7 });
    expect(bot.texts()).toEqual(["Sorry, statistics are only for the bot's operators."]);
    expect(bot.calls.some((c) => c.method === "sendPhoto")).toBe(false);
  });

  it("is not posted in a group, where others would read users' questions", async () => {
    const bot = statsBot();
    await bot.send("/stats", { user: ADMIN, chat: { id: -100, type: "supergroup" } });
    expect(bot.texts()[0]).toContain("only in a private chat");
  });

  it("says so when nothing was logged, and when the log is off", async () => {
    const empty = statsBot();
    await empty.send("/stats", { user: ADMIN });
    expect(empty.texts()).toEqual(["No questions were logged in the last 30 days."]);
    const off = statsBot({ QUESTION_LOG: "off" });
    await off.send("/stats", { user: ADMIN });
    expect(off.texts()[0]).toContain("QUESTION_LOG=off");
  });

  it("stays in an operator's command menu when they choose a language, and only theirs", async () => {
    const bot = statsBot();
    await bot.tap("l:ru", { user: ADMIN });
    await bot.tap("l:ru", { user: 7 });
    const menus = bot.calls.filter((c) => c.method === "setMyCommands");
    const commands = (i: number) =>
      ((menus[i]?.payload.commands ?? []) as { command: string }[]).map((c) => c.command);
    expect(commands(0)).toContain("stats");
    expect(commands(1)).not.toContain("stats");
  });
});
