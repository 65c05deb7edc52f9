import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import { BotApiEmulator, makeUser, privateChat } from "../../testkit/telegram/emulator.js";

const TOKEN = "777002:RESTART-secret-token-abcdefghij0123";
const LANGUAGES = ["en", "ru", "zh"] as const;
let api: BotApiEmulator;

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "restart_e2e_bot" } });
});
afterAll(async () => {
  await api?.close();
});

describe("preferences survive a crash", () => {
  it("keeps every user's last acknowledged language after SIGKILL in a burst of /lang changes", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "crash-"));
    let bot: BotProcess = await startBotProcess(
      { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot },
      { dataDir },
    );
    const users: User[] = Array.from({ length: 30 }, () => makeUser());
    const menus = new Map<number, Awaited<ReturnType<typeof api.waitForMessage>>>();
    for (const user of users) {
      const since = api.mark();
      api.userSendsText(user, privateChat(user), "/lang");
      menus.set(user.id, await api.waitForMessage({ chatId: user.id }, 10_000, { since }));
    }
    // A burst: every user taps languages in turn while the bot is killed mid-way.
    const taps = new Map<string, { user: number; language: string; order: number }>();
    const burstStart = api.mark();
    for (let round = 0; round < 6; round++) {
      for (const user of users) {
        const menu = menus.get(user.id);
        const language = LANGUAGES[(round + user.id) % 3] ?? "en";
        if (menu)
          taps.set(api.userTapsButton(user, menu, `l:${language}`), {
            user: user.id,
            language,
            order: round,
          });
      }
    }
    // Killed once a few taps are acknowledged, while most are still to come.
    const acknowledgedSoFar = () =>
      api.calls.filter(
        (c) => c.seq >= burstStart && c.method === "answerCallbackQuery" && c.response?.ok,
      ).length;
    await expect
      .poll(acknowledgedSoFar, { timeout: 10_000, interval: 5 })
      .toBeGreaterThanOrEqual(10);
    bot.child.kill("SIGKILL");
    await bot.stop();

    // What each user was told: their last acknowledged tap.
    const lastAcked = new Map<number, { language: string; order: number }>();
    const acknowledged = api.calls.filter(
      (c) => c.seq >= burstStart && c.method === "answerCallbackQuery" && c.response?.ok,
    );
    for (const call of acknowledged) {
      const tap = taps.get((call.payload as { callback_query_id: string }).callback_query_id);
      if (tap && (lastAcked.get(tap.user)?.order ?? -1) < tap.order) lastAcked.set(tap.user, tap);
    }
    // Every acknowledgement answers a tap that was sent, once, and no user more often than they
    // tapped; killed mid-burst, not after it, some taps were never acknowledged.
    const ids = acknowledged.map(
      (c) => (c.payload as { callback_query_id: string }).callback_query_id,
    );
    expect(ids.filter((id) => !taps.has(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const user of users) {
      const tapped = [...taps.values()].filter((t) => t.user === user.id).length;
      const acked = ids.filter((id) => taps.get(id)?.user === user.id).length;
      expect(acked).toBeLessThanOrEqual(tapped);
    }
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids.length).toBeLessThan(taps.size);
    expect(lastAcked.size).toBeGreaterThan(0);

    // Restart on the same data: it opens (the store is never corrupt) and everyone's choice is there.
    bot = await startBotProcess({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot }, { dataDir });
    await bot.stop("SIGTERM");
    for (const [userId, acked] of lastAcked) {
      const stored = JSON.parse(
        readFileSync(join(dataDir, "preferences", `${userId}.json`), "utf8"),
      ) as { language: string };
      // The acknowledged choice, or a later tap of the same user that was stored just before the kill.
      const allowed = [...taps.values()]
        .filter((t) => t.user === userId && t.order >= acked.order)
        .map((t) => t.language);
      expect(allowed).toContain(stored.language);
      if (acked.order === 5) expect(stored.language).toBe(acked.language);
    }
  }, 60_000);
});

describe("a corrupt store", () => {
  it("names the corrupt record in one log line, answers that user in Telegram's language, and leaves the file as is", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "corrupt-"));
    const user = makeUser({ language_code: "ru" });
    mkdirSync(join(dataDir, "preferences"));
    const file = join(dataDir, "preferences", `${user.id}.json`);
    writeFileSync(file, '{"language": "en"');
    const bot = await startBotProcess(
      { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot },
      { dataDir },
    );
    try {
      for (let i = 0; i < 2; i++) {
        const since = api.mark();
        api.userSendsText(user, privateChat(user), "/lang");
        const menu = await api.waitForMessage({ chatId: user.id }, 10_000, { since });
        expect(menu.text).toBe("Выберите язык моих ответов:");
      }
      expect(bot.output().match(/"msg":"preference ignored: /g)).toHaveLength(1);
      expect(bot.output()).toContain(
        `${file}: corrupt: not valid JSON. Fix or remove the file (it holds one user's settings), or set DATA_DIR to another folder.`,
      );
      expect(readFileSync(file, "utf8")).toBe('{"language": "en"');
    } finally {
      await bot.stop("SIGTERM");
    }
  });
});

describe("a data folder that cannot be written", () => {
  it("apologises for a choice it could not store and keeps answering in the language before it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "readonly-"));
    const bot = await startBotProcess(
      { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot },
      { dataDir },
    );
    try {
      const user = makeUser({ language_code: "en" });
      // The folder goes away under the bot (a full or read-only disk fails the same way).
      rmSync(join(dataDir, "preferences"), { recursive: true });
      writeFileSync(join(dataDir, "preferences"), "not a folder");
      let since = api.mark();
      api.userSendsText(user, privateChat(user), "/lang");
      const menu = await api.waitForMessage({ chatId: user.id }, 10_000, { since });
      const id = api.userTapsButton(user, menu, "l:zh");
      const answer = await api.waitForCallbackAnswer(id, 10_000, { since });
      expect((answer.payload as { text?: string }).text).toBe(
        "Sorry, something went wrong on my side. Please try again.",
      );
      since = api.mark();
      api.userSendsText(user, privateChat(user), "/lang");
      const again = await api.waitForMessage({ chatId: user.id }, 10_000, { since });
      expect(again.text).toBe("Choose the language for my replies:");
    } finally {
      await bot.stop("SIGTERM");
    }
    // Nothing left behind: the preference file as planted, the question log's own folder and
    // the index cache.
    expect(readdirSync(dataDir).sort()).toEqual(["index-cache", "preferences", "questions"]);
  });
});
