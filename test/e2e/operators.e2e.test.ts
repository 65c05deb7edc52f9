import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import { BotApiEmulator, makeUser, privateChat } from "../../testkit/telegram/emulator.js";

const TOKEN = "777001:E2E-operators-token-0123456789";
const admin = makeUser({ language_code: "en" });
const asker = makeUser({ language_code: "ru" });
const dataDir = mkdtempSync(join(tmpdir(), "operators-data-"));
let api: BotApiEmulator;
let bot: BotProcess;

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, strictHtml: true });
  bot = await startBotProcess(
    { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, ADMIN_USERS: String(admin.id) },
    { dataDir },
  );
  await api.waitFor((c) => c.method === "getUpdates", 10_000, { since: 0 });
});

afterAll(async () => {
  expect(await bot?.stop("SIGTERM")).toBe(0);
  await api?.close();
});

/** The log entries the bot process wrote to its data folder. */
const logged = () =>
  readdirSync(join(dataDir, "questions"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(join(dataDir, "questions", name), "utf8")));

describe("operators, with the real bot process over HTTP", () => {
  let answer: Message;

  it("gives each operator's chat a command menu with /stats at start-up", () => {
    const menu = api
      .callsTo("setMyCommands")
      .find((c) => JSON.stringify(c.payload).includes(`"chat_id":${admin.id}`));
    expect(JSON.stringify(menu?.payload)).toContain('"command":"stats"');
  });

  it("logs a question to the data folder and offers 👍 / 👎", async () => {
    const since = api.mark();
    api.userSendsText(asker, privateChat(asker), "Что Глазьев говорил о санкциях?");
    answer = await api.waitForMessage({ chatId: asker.id }, 10_000, { since });
    const labels = answer.reply_markup?.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(expect.arrayContaining(["👍", "👎"]));
    await expect.poll(() => logged().length, { timeout: 5_000 }).toBe(1);
    expect(logged()[0]).toMatchObject({ q: "Что Глазьев говорил о санкциях?", lang: "ru" });
    expect(JSON.stringify(logged())).not.toContain(String(asker.id));
  });

  it("takes a 👍 tap, thanks in Russian and marks the button", async () => {
    const button = answer.reply_markup?.inline_keyboard.flat().find((b) => b.text === "👍");
    if (!button || !("callback_data" in button)) throw new Error("no 👍 button");
    const since = api.mark();
    const id = api.userTapsButton(asker, answer, button.callback_data);
    const answered = await api.waitForCallbackAnswer(id, 10_000, { since });
    expect(String((answered.payload as { text?: unknown }).text)).toMatch(/^Спасибо!/);
    const edit = await api.waitFor((c) => c.method === "editMessageReplyMarkup", 10_000, {
      since,
    });
    expect(JSON.stringify(edit.payload)).toContain("👍 ✓");
    await expect.poll(() => logged()[0]?.feedback, { timeout: 5_000 }).toBe("up");
  });

  it("sends /stats with a chart to an admin", async () => {
    const since = api.mark();
    api.userSendsText(admin, privateChat(admin), "/stats");
    const report = await api.waitForMessage({ chatId: admin.id }, 10_000, { since });
    expect(report.text).toContain("Questions in the last 30 days: 1");
    const photo = await api.waitFor((c) => c.method === "sendPhoto", 15_000, { since });
    await expect.poll(() => photo.response?.ok, { timeout: 5_000 }).toBe(true);
  });

  it("refuses /stats to anyone else", async () => {
    const since = api.mark();
    api.userSendsText(asker, privateChat(asker), "/stats");
    const reply = await api.waitForMessage({ chatId: asker.id }, 10_000, { since });
    expect(reply.text).toBe("Извините, статистика доступна только администраторам бота.");
  });
});
