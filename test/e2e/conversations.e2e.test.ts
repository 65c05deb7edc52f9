import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import { type E2eChat, e2eChat } from "../../testkit/telegram/chat.js";
import { BotApiEmulator, makeSupergroup, makeUser } from "../../testkit/telegram/emulator.js";

const TOKEN = "777000:E2E-secret-token-value-0123456789";
let api: BotApiEmulator;
let bot: BotProcess;

beforeAll(async () => {
  api = await BotApiEmulator.start({
    token: TOKEN,
    botInfo: { username: "cited_e2e_bot" },
    privacyMode: false,
    strictHtml: true,
  });
  bot = await startBotProcess({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
  await api.waitFor((c) => c.method === "getUpdates", 10_000, { since: 0 });
});

afterAll(async () => {
  expect(await bot?.stop("SIGTERM")).toBe(0);
  await api?.close();
  // Over the whole run, with faults and all, the token never reached the logs.
  expect(bot.output()).not.toContain(TOKEN);
  expect(bot.output()).not.toContain(TOKEN.split(":")[1]);
});

const ask = (...args: Parameters<E2eChat["ask"]>) => e2eChat(api).ask(...args);
const tap = (...args: Parameters<E2eChat["tap"]>) => e2eChat(api).tap(...args);

describe.each([
  [
    "en",
    "What did Glazyev say about sanctions?",
    /EIR News Service, 24 July, ¶3/,
    "Current International Partnership Model",
  ],
  [
    "ru",
    "Что Глазьев говорил о санкциях?",
    /EIR News Service, 24 июля, абз\. 3/,
    "Современная модель международного партнёрства",
  ],
  ["zh", "格拉济耶夫对制裁有什么看法？", /EIR新闻社，7月24日，第3段/, "当前国际伙伴关系模式"],
])("in %s, over HTTP", (language, question, citation, title) => {
  const user = makeUser({ language_code: language });

  it("/start says what the bot knows", async () => {
    const reply = await ask(user, "/start");
    expect(reply.text).toContain(title);
  });

  it("a question gets cited passages with Full, Original and More buttons", async () => {
    const reply = await ask(user, question);
    expect(reply.text).toMatch(citation);
    expect(reply.entities?.some((e) => e.type === "bold")).toBe(true);
    const labels = reply.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    expect(labels.some((l) => l.includes("¶3"))).toBe(true);
  });

  it("Full shows the whole paragraph and Original the verbatim original", async () => {
    const reply = await ask(user, question);
    const [fullButton, originalButton] = reply.reply_markup?.inline_keyboard[0] ?? [];
    const full = await tap(
      user,
      reply,
      new RegExp(fullButton?.text.replace(/[.*+?^${}()|[\]\\▸]/g, "\\$&") ?? "x"),
    );
    expect(full.message?.text).toMatch(citation);
    const original = await tap(
      user,
      reply,
      new RegExp(originalButton?.text.replace(/[.*+?^${}()|[\]\\▸]/g, "\\$&") ?? "x"),
    );
    expect(original.message?.text).toContain(
      "Regarding multilateral and major international issues, Glazyev said",
    );
    expect(original.message?.entities?.some((e) => e.type === "blockquote")).toBe(true);
  });

  it("/sources lists the documents", async () => {
    const reply = await ask(user, "/sources");
    expect(reply.text).toContain(title);
    expect(reply.text).toContain("14");
  });

  it("/quote by reference and by words", async () => {
    expect((await ask(user, "/quote 1 8")).text).toContain("Second, transitioning to settlements");
    expect((await ask(user, "/quote opposing hegemonism")).text).toContain(
      "Regarding multilateral",
    );
  });

  it("an out-of-domain question is told so, without passages", async () => {
    const reply = await ask(
      user,
      { en: "How do I bake bread?", ru: "Как испечь хлеб?", zh: "怎么烤面包？" }[language] ?? "",
    );
    expect(reply.text).not.toMatch(/¶|абз\.|第\d+段/);
    expect(reply.reply_markup).toBeUndefined();
  });
});

describe("over HTTP", () => {
  it("More shows the next passages", async () => {
    const user = makeUser();
    const reply = await ask(user, "China and Russia cooperation");
    const more = await tap(user, reply, /More/);
    expect(more.message?.text).toMatch(/^Here is what the documents say:\s+4\./);
  });

  it("/lang switches every text, then questions are answered in the new language", async () => {
    const user = makeUser({ language_code: "en" });
    const menu = await ask(user, "/lang");
    const chosen = await tap(user, menu, /中文/);
    expect(chosen.answer.text).toContain("中文");
    const reply = await ask(user, "What did Glazyev say about sanctions?");
    expect(reply.text).toContain("霸权主义");
    expect(reply.text).toContain("译自英文原文");
  });

  it("in a group, ignores chatter and answers a mention in the same topic", async () => {
    const user = makeUser();
    const group = makeSupergroup({ isForum: true });
    const topic = api.createForumTopic(group, "Questions");
    const since = api.mark();
    api.userSendsText(user, group, "What did Glazyev say about sanctions?", {
      threadId: topic.message_thread_id,
    });
    // Updates of one chat are handled in order: once the mention is answered, the chatter was
    // handled before it, so an answer to it would be among the messages sent by then.
    const reply = await ask(user, "@cited_e2e_bot What did Glazyev say about sanctions?", group, {
      threadId: topic.message_thread_id,
    });
    expect(api.calls.filter((c) => c.seq >= since && c.method === "sendMessage")).toHaveLength(1);
    expect(reply.text).toContain("¶3");
    expect(reply.message_thread_id).toBe(topic.message_thread_id);
  });

  it("answers forged callback data politely", async () => {
    const user = makeUser();
    const reply = await ask(user, "What did Glazyev say about sanctions?");
    const since = api.mark();
    const id = api.userTapsButton(user, reply, "f:no-such-doc:1:en", { unchecked: true });
    const answer = await api.waitForCallbackAnswer(id, 10_000, { since });
    expect((answer.payload as { text?: string }).text).toBe("This button is not valid any more.");
    expect(answer.response?.ok).toBe(true);
  });

  it("registered its command menu in every language", () => {
    const menus = api
      .callsTo("setMyCommands")
      .map((c) => (c.payload as { language_code?: string }).language_code ?? "default");
    expect(menus).toEqual(expect.arrayContaining(["default", "en", "ru", "zh"]));
  });
});
