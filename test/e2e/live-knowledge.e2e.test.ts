import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import { type E2eChat, e2eChat } from "../../testkit/telegram/chat.js";
import { BotApiEmulator, makeUser } from "../../testkit/telegram/emulator.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

const TOKEN = "777002:E2E-live-knowledge-token-0123456789";
const FERRY = docFile({
  front: 'title: "Ferry Timetable"\nsource: Harbour Office\npublished: 2024-06\noriginal: true',
  body: "The first ferry to the island leaves the harbour at seven in the morning.\n\nTickets are sold at the kiosk next to the pier.",
});
let api: BotApiEmulator;
let bot: BotProcess;
let chat: E2eChat;
let folder: string;
const user = makeUser({ language_code: "en" });

/** Asks until the answer matches (the folder is reloaded half a second after it goes quiet). */
async function askUntil(question: string, expected: RegExp, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = (await chat.ask(user, question)).text ?? "";
    if (expected.test(text)) return text;
    await new Promise((r) => setTimeout(r, 300));
  }
  return text;
}

beforeAll(async () => {
  folder = await writeTree({ "notes/en.md": docFile() });
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "live_e2e_bot" } });
  bot = await startBotProcess({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    KNOWLEDGE_DIR: folder,
  });
  chat = e2eChat(api);
});

afterAll(async () => {
  expect(await bot?.stop("SIGTERM")).toBe(0);
  await api?.close();
  await removeTrees();
});

describe("the knowledge folder, changed while the bot runs", () => {
  it("answers from a document dropped into it within 5 s, without a restart", async () => {
    mkdirSync(join(folder, "ferry"));
    writeFileSync(join(folder, "ferry", "en.md"), FERRY);
    const text = await askUntil("When does the first ferry leave?", /seven in the morning/);
    expect(text).toContain("seven in the morning");
    expect(text).toContain("Ferry Timetable");
  });

  it("keeps answering from the old knowledge when a change does not validate", async () => {
    writeFileSync(join(folder, "ferry", "ru.md"), "---\ntitle: broken\n---\n");
    await bot.waitForLog(/knowledge change refused/, 5_000);
    expect((await chat.ask(user, "When does the first ferry leave?")).text).toContain(
      "seven in the morning",
    );
    rmSync(join(folder, "ferry", "ru.md"));
  });

  it("takes a removed document out", async () => {
    rmSync(join(folder, "ferry"), { recursive: true });
    const text = await askUntil("When does the first ferry leave?", /found nothing/);
    expect(text).toContain("I found nothing about that in the documents");
  });

  it("reloads on SIGHUP", async () => {
    bot.child.kill("SIGHUP");
    await bot.waitForLog(/"reason":"SIGHUP"[^\n]*"msg":"knowledge reloaded"/, 5_000);
    expect(bot.child.exitCode).toBeNull();
  });
});
