import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import { type E2eChat, e2eChat } from "../../testkit/telegram/chat.js";
import { BotApiEmulator, makeUser } from "../../testkit/telegram/emulator.js";
import { removeTrees, writeTree } from "../support/temp-knowledge.js";

// Two documents of our own, each in one language only: questions in the other languages must
// cross over to them, and the reply must say that the passage is in another language.
const KNOWLEDGE = {
  "volga-notes/en.md": `---
title: "Notes on the Volga"
source: Field Notes Quarterly
published: 2021-05
original: true
---

The Volga is the longest river in Europe. It flows for about 3,530 kilometres from the Valdai Hills to the Caspian Sea.

Kazan, Samara and Volgograd stand on its banks. Barges carry grain, timber and oil along the river for most of the year.

In winter the upper Volga freezes for three to four months, and navigation stops until the ice melts in spring.
`,
  "baikal-notes/ru.md": `---
title: "Заметки о Байкале"
source: Полевой вестник
published: 2022-03
original: true
---

Байкал — самое глубокое озеро на планете: его наибольшая глубина составляет 1642 метра.

В озере живёт байкальская нерпа, единственный тюлень, который обитает только в пресной воде.

Зимой лёд на Байкале бывает толщиной больше метра, и по нему прокладывают автомобильные дороги.
`,
};

const TOKEN = "777001:E2E-cross-language-token-0123456789";
let api: BotApiEmulator;
let bot: BotProcess;
let chat: E2eChat;

beforeAll(async () => {
  const knowledge = await writeTree(KNOWLEDGE);
  api = await BotApiEmulator.start({
    token: TOKEN,
    botInfo: { username: "cross_e2e_bot" },
    strictHtml: true,
  });
  bot = await startBotProcess({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    KNOWLEDGE_DIR: knowledge,
  });
  chat = e2eChat(api);
});

afterAll(async () => {
  expect(await bot?.stop("SIGTERM")).toBe(0);
  await api?.close();
  await removeTrees();
});

describe.each([
  [
    "en",
    "How deep is Lake Baikal?",
    "1642",
    "No English version of this document; the Russian text",
  ],
  ["zh", "贝加尔湖有多深？", "1642", "该文档没有中文版本，以下为俄文文本"],
  [
    "ru",
    "Когда Волга замерзает?",
    "freezes",
    "Версии этого документа на русском нет, вот текст на английском",
  ],
  ["zh", "伏尔加河冬天结冰吗", "freezes", "该文档没有中文版本，以下为英文文本"],
])("a question in %s about a document without that language", (language, question, fact, label) => {
  it("is answered from the document's own text, labelled as another language", async () => {
    const user = makeUser({ language_code: language });
    const reply = await chat.ask(user, question);
    expect(reply.text).toContain(fact);
    expect(reply.text).toContain(label.replace(/:$/, ""));
    const buttons = reply.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    expect(buttons.some((b) => /¶/.test(b))).toBe(true);
  });
});

describe("a question in the document's own language", () => {
  it("is answered without a language label", async () => {
    const reply = await chat.ask(makeUser({ language_code: "ru" }), "Где живёт байкальская нерпа?");
    expect(reply.text).toContain("нерпа");
    expect(reply.text).not.toContain("Версии этого документа");
  });
});

describe("nothing in the documents", () => {
  it("lists the documents with the languages each has", async () => {
    const reply = await chat.ask(
      makeUser({ language_code: "en" }),
      "What is the capital of France?",
    );
    expect(reply.text).toContain("I found nothing about that in the documents");
    expect(reply.text).toContain("“Notes on the Volga” (English)");
    expect(reply.text).toContain("(Russian)");
  });
});
