import { describe, expect, it } from "vitest";
import { createHarness } from "../support/bot-harness.js";

describe("a question", () => {
  it("gets the matching passage with the matched words in bold and a citation", async () => {
    const bot = createHarness();
    await bot.send("What did Glazyev say about sanctions?");
    const [answer] = bot.texts();
    expect(answer).toContain("<b>Glazyev</b>");
    expect(answer).toContain("<b>sanctions</b>");
    expect(answer).toContain(
      "— “China and Russia Think Tanks Increase Collaboration for Coordinating Policy”, EIR News Service, 24 July, ¶3",
    );
    expect(bot.calls.find((c) => c.method === "sendMessage")?.payload.parse_mode).toBe("HTML");
  });

  it("cites author, title, publication, date and paragraph", async () => {
    const bot = createHarness();
    await bot.send("payments in national currencies");
    expect(bot.texts()[0]).toContain(
      "Sergey Glaziev, “Current International Partnership Model”, China Pictorial, 4 April 2019, ¶8",
    );
  });

  it("offers Full, Original and More buttons carrying ids, not text", async () => {
    const bot = createHarness();
    await bot.send("China and Russia cooperation");
    const buttons = bot.lastButtons();
    expect([...buttons.keys()].some((k) => k.startsWith("Full ¶"))).toBe(true);
    expect([...buttons.keys()].some((k) => k.startsWith("Original ¶"))).toBe(true);
    expect(buttons.get("More ▸")).toMatch(/^m:[0-9A-Za-z_-]{12}:3$/);
    for (const data of buttons.values()) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  });

  it("is answered in Russian when asked in Russian, with the translation labelled", async () => {
    const bot = createHarness();
    await bot.send("Что Глазьев сказал о санкциях?");
    const [answer] = bot.texts();
    expect(answer).toContain("санкций");
    expect(answer).toContain("Перевод с английского оригинала");
    expect(answer).toMatch(/абз\. 3/);
  });

  it("is answered in Chinese when asked in Chinese", async () => {
    const bot = createHarness();
    await bot.send("格拉济耶夫谈本币结算");
    const [answer] = bot.texts();
    expect(answer).toContain("<b>本币</b>");
    expect(answer).toContain("第8段");
    expect(answer).toContain("译自英文原文");
  });

  it("says politely when the documents don't cover it, and shows no passage", async () => {
    const bot = createHarness();
    await bot.send("What's the weather in Paris tomorrow?");
    const [reply] = bot.texts();
    expect(reply).toContain("I found nothing about that in the documents");
    expect(reply).toContain("Current International Partnership Model");
    expect(reply).not.toContain("¶");
  });
});

describe("the answer buttons", () => {
  it("Full sends the whole paragraph with its citation", async () => {
    const bot = createHarness();
    await bot.send("payments in national currencies");
    const full = [...bot.lastButtons()].find(([text]) => text === "Full ¶8")?.[1] ?? "";
    bot.clear();
    await bot.tap(full);
    expect(bot.texts()[0]).toContain(
      "Second, transitioning to settlements and payments in national currencies",
    );
    expect(bot.calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
  });

  it("Original sends the verbatim original as a quote", async () => {
    const bot = createHarness();
    await bot.tap("o:glaziev-partnership-model:8", { language: "ru" });
    const [text] = bot.texts();
    expect(text).toContain("<blockquote>Second, transitioning to settlements");
    expect(text).toContain("Текст оригинала");
  });

  it("More sends the next passages", async () => {
    const bot = createHarness();
    await bot.send("China and Russia cooperation");
    const more = bot.lastButtons().get("More ▸") ?? "";
    bot.clear();
    await bot.tap(more);
    expect(bot.texts()[0]).toMatch(/<b>4\.<\/b>/);
  });

  it("answers forged callback data politely and always answers the callback query", async () => {
    const bot = createHarness();
    for (const data of [
      "f:nope:1:en",
      "o:glaziev-partnership-model:99",
      "garbage",
      "m:zzzz:3",
      "f:glaziev-partnership-model:0:en",
      "x:glaziev-partnership-model:9:en",
      "x:nope:1:en",
      "v:zzzzzzzz:u",
    ]) {
      bot.clear();
      await bot.tap(data);
      const answered = bot.calls.filter((c) => c.method === "answerCallbackQuery");
      expect(answered).toHaveLength(1);
      expect(bot.texts()).toEqual([]);
    }
  });
});

describe("/lang", () => {
  it("offers the three languages and remembers the choice", async () => {
    const bot = createHarness();
    await bot.send("/lang");
    expect([...bot.lastButtons().keys()]).toEqual(["✓ English", "Русский", "中文"]);
    await bot.tap("l:zh");
    bot.clear();
    await bot.send("What did Glazyev say about sanctions?");
    const [answer] = bot.texts();
    expect(answer).toContain("霸权主义");
    expect(answer).toContain("译自英文原文");
  });

  it("changes the chat's command menu to the chosen language", async () => {
    const bot = createHarness();
    await bot.tap("l:ru");
    const menu = bot.calls.find((c) => c.method === "setMyCommands");
    expect(menu?.payload.scope).toEqual({ type: "chat", chat_id: 7 });
    expect(JSON.stringify(menu?.payload.commands)).toMatch(/[а-я]/);
  });

  it("follows Telegram's language_code before any choice", async () => {
    const bot = createHarness();
    await bot.send("/help", { language: "ru-RU" });
    expect(bot.texts()[0]).toMatch(/[а-я]/);
  });
});

describe("/quote", () => {
  it("quotes a paragraph by document number and paragraph", async () => {
    const bot = createHarness();
    await bot.send("/quote 1 8");
    expect(bot.texts()[0]).toContain("<blockquote>Second, transitioning");
    expect(bot.texts()[0]).toContain("¶8");
  });

  it("quotes a paragraph by document id", async () => {
    const bot = createHarness();
    await bot.send("/quote think-tanks-collaboration 3");
    expect(bot.texts()[0]).toContain("<blockquote>Regarding multilateral");
  });

  it("finds the paragraph containing the given words, fuzzily", async () => {
    const bot = createHarness();
    await bot.send("/quote Youth Friendly Exchang Year");
    expect(bot.texts()[0]).toContain("<blockquote>Glazyev also stressed");
  });

  it.each([
    ["/quote", "Quote a paragraph verbatim"],
    ["/quote 1", "has paragraphs 1 to 14"],
    ["/quote 1 -3", "has paragraphs 1 to 14"],
    ["/quote 1 99999999999", "has paragraphs 1 to 14"],
    ["/quote 1 eight", "has paragraphs 1 to 14"],
    ["/quote zzzqqq xxyyzz", "No paragraph contains those words"],
    ["/quote 7 2", "There is no document “7”"],
    ["/quote glaziev-partnership-model 0", "has paragraphs 1 to 14"],
  ])("%s gets a polite explanation", async (command, expected) => {
    const bot = createHarness();
    await bot.send(command);
    expect(bot.texts()[0]).toContain(expected);
  });
});

describe("/start, /help and /sources", () => {
  it("/start says what the bot knows and offers example questions from the documents", async () => {
    const bot = createHarness();
    await bot.send("/start");
    expect(bot.texts()[0]).toContain("Current International Partnership Model");
    const examples = [...bot.lastButtons()];
    expect(examples.map(([text]) => text)).toEqual([
      "How should China and Russia settle payments?",
      "What did Glazyev say about sanctions?",
      "Which transport corridors are China and Russia building?",
    ]);
    bot.clear();
    await bot.tap(examples[0]?.[1] ?? "");
    expect(bot.texts()[0]).toContain("¶8");
  });

  it("/sources counts each document's paragraphs in the Russian plural form", async () => {
    const bot = createHarness();
    await bot.send("/sources", { language: "ru" });
    expect(bot.texts()[0]).toContain("14 абзацев");
  });

  it("/sources lists the documents with metadata in the user's language", async () => {
    const bot = createHarness();
    await bot.send("/sources", { language: "zh" });
    const [text] = bot.texts();
    expect(text).toContain("当前国际伙伴关系模式");
    expect(text).toContain("共14段");
    expect(text).toContain("2019年4月4日");
  });
});

describe("in groups", () => {
  const group = { id: -100, type: "supergroup" as const };

  it("ignores chatter that does not address the bot", async () => {
    const bot = createHarness();
    await bot.send("What did Glazyev say about sanctions?", { chat: group });
    expect(bot.calls).toEqual([]);
  });

  it("answers a message that mentions it, in the same topic", async () => {
    const bot = createHarness();
    await bot.send("@docs_test_bot What did Glazyev say about sanctions?", {
      chat: group,
      thread: 5,
    });
    const call = bot.calls.find((c) => c.method === "sendMessage");
    expect(String(call?.payload.text)).toContain("¶3");
    expect(call?.payload.message_thread_id).toBe(5);
  });

  it("answers a reply to its own message", async () => {
    const bot = createHarness();
    await bot.send("and about sanctions?", { chat: group, replyToBot: true });
    expect(bot.texts()).toHaveLength(1);
  });

  it("answers /cmd@botname and ignores commands for another bot", async () => {
    const bot = createHarness();
    await bot.send("/sources@docs_test_bot", { chat: group });
    expect(bot.texts()).toHaveLength(1);
    bot.clear();
    await bot.send("/sources@other_bot", { chat: group });
    await bot.send("/weird@other_bot", { chat: group });
    expect(bot.calls).toEqual([]);
  });
});

describe("everything else", () => {
  it("a photo gets a short hint", async () => {
    const bot = createHarness();
    await bot.update({
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 7, type: "private", first_name: "A" },
        from: { id: 7, is_bot: false, first_name: "A" },
        photo: [],
      },
    });
    expect(bot.texts()).toEqual(["I can only read text. Please send your question as a message."]);
  });

  it("an edited message gets a short hint", async () => {
    const bot = createHarness();
    await bot.update({
      edited_message: {
        message_id: 1,
        date: 0,
        edit_date: 1,
        chat: { id: 7, type: "private", first_name: "A" },
        from: { id: 7, is_bot: false, first_name: "A" },
        text: "x",
      },
    });
    expect(bot.texts()[0]).toContain("new message");
  });

  it("an unknown command gets a hint", async () => {
    const bot = createHarness();
    await bot.send("/frobnicate");
    expect(bot.texts()[0]).toContain("/help");
  });

  it("inline mode offers cited passages, at most 50", async () => {
    const bot = createHarness();
    await bot.update({
      inline_query: {
        id: "q1",
        from: { id: 7, is_bot: false, first_name: "A" },
        query: "national currencies payments",
        offset: "",
      },
    });
    const call = bot.calls.find((c) => c.method === "answerInlineQuery");
    const results = call?.payload.results as { input_message_content: { message_text: string } }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(50);
    expect(results[0]?.input_message_content.message_text).toContain(
      "China Pictorial, 4 April 2019, ¶8",
    );
  });
});

describe("access and abuse", () => {
  it("refuses users outside ALLOWED_USERS politely", async () => {
    const bot = createHarness({ ALLOWED_USERS: "1,2" });
    await bot.send("What did Glazyev say about sanctions?");
    expect(bot.texts()).toEqual(["Sorry, this is a private bot."]);
  });

  it("rate-limits a flood from one user, warning once", async () => {
    const bot = createHarness({ RATE_LIMIT: "3/60" });
    for (let i = 0; i < 10; i++) await bot.send("sanctions");
    const texts = bot.texts();
    expect(texts.filter((t) => t.includes("faster than I can answer"))).toHaveLength(1);
    expect(texts).toHaveLength(4);
  });
});
