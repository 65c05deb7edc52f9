import http from "node:http";
import { Bot, GrammyError, HttpError } from "grammy";
import type { Message, Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  BotApiEmulator,
  makeGroup,
  makeSupergroup,
  makeUser,
  privateChat,
} from "../../testkit/telegram/emulator.js";
import { parseHtml } from "../../testkit/telegram/html.js";

const emulators: BotApiEmulator[] = [];
const bots: Bot[] = [];

async function startEmulator(
  options: Parameters<typeof BotApiEmulator.start>[0] = {},
): Promise<BotApiEmulator> {
  const emulator = await BotApiEmulator.start(options);
  emulators.push(emulator);
  return emulator;
}

afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.isRunning()) await bot.stop();
  for (const emulator of emulators.splice(0)) await emulator.close();
});

type Json = { ok: boolean; result?: unknown; error_code?: number; description?: string } & Record<
  string,
  unknown
>;

async function call(
  emulator: BotApiEmulator,
  method: string,
  payload: Record<string, unknown> = {},
  token = emulator.token,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${emulator.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

function knownPrivateChat(emulator: BotApiEmulator, name = "Alice") {
  const user = makeUser({ first_name: name });
  const chat = privateChat(user);
  emulator.registerChat(chat);
  return { user, chat };
}

async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function grammyBot(emulator: BotApiEmulator, config: { timeoutSeconds?: number } = {}): Bot {
  const bot = new Bot(emulator.token, {
    botInfo: emulator.botInfo,
    client: { apiRoot: emulator.apiRoot, ...config },
  });
  bots.push(bot);
  return bot;
}

describe("BotApiEmulator over plain HTTP", () => {
  it("serves getMe, rejects a wrong token with 401 and unknown methods with 404", async () => {
    const emulator = await startEmulator({
      token: "123456:ABC",
      botInfo: { username: "docs_bot" },
    });
    expect(emulator.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await call(emulator, "getMe");
    expect(me.status).toBe(200);
    expect(me.body.result).toMatchObject({ id: 123456, is_bot: true, username: "docs_bot" });
    // method names are case-insensitive, like Telegram's
    expect((await call(emulator, "GETME")).body.ok).toBe(true);

    const wrong = await call(emulator, "getMe", {}, "123456:WRONG");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });

    const unknown = await call(emulator, "sendTelepathy");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      ok: false,
      error_code: 404,
      description: "Not Found: method not found",
    });
    expect(emulator.stats()).toEqual({ getMe: 3, sendTelepathy: 1 });
  });

  it("refuses a body grammY never sends (a form)", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const res = await fetch(`${emulator.apiRoot}/bot${emulator.token}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({ chat_id: String(chat.id), text: "hello" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { description: string }).description).toBe(
      "Bad Request: unsupported content type application/x-www-form-urlencoded;charset=utf-8",
    );
  });

  it("parses multipart/form-data uploads (attach:// references)", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const form = new FormData();
    form.set("chat_id", String(chat.id));
    form.set("photo", "attach://file1");
    form.set("caption", "<b>report</b>");
    form.set("parse_mode", "HTML");
    form.set("file1", new Blob([new Uint8Array(1234)]), "chart.png");
    const res = await fetch(`${emulator.apiRoot}/bot${emulator.token}/sendPhoto`, {
      method: "POST",
      body: form,
    });
    const json = (await res.json()) as { result: Message.PhotoMessage };
    expect(emulator.callsTo("sendPhoto")[0]?.payload.photo).toEqual({
      uploaded: { filename: "chart.png", size: 1234, content_type: "application/octet-stream" },
    });
    expect(json.result.photo).toHaveLength(3);
    expect(json.result.caption).toBe("report");
    expect(json.result.caption_entities).toEqual([{ type: "bold", offset: 0, length: 6 }]);
  });

  it("returns realistic messages with per-chat increasing ids, threads and replies", async () => {
    const emulator = await startEmulator();
    const alice = makeUser({ first_name: "Alice", language_code: "ru" });
    const userMessage = emulator.userSendsText(alice, privateChat(alice), "/start");
    expect(userMessage.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);

    const first = await call(emulator, "sendMessage", {
      chat_id: alice.id,
      text: "Hi <b>there</b>",
      parse_mode: "HTML",
      reply_parameters: { message_id: userMessage.message_id },
    });
    const message = first.body.result as Message.TextMessage;
    expect(message).toMatchObject({
      message_id: userMessage.message_id + 1,
      from: { id: emulator.botInfo.id, is_bot: true },
      chat: { id: alice.id, type: "private" },
      text: "Hi there",
      entities: [{ type: "bold", offset: 3, length: 5 }],
      reply_to_message: { message_id: userMessage.message_id, text: "/start" },
    });
    expect(Math.abs(message.date - Date.now() / 1000)).toBeLessThan(5);
    const second = await call(emulator, "sendMessage", { chat_id: alice.id, text: "again" });
    expect((second.body.result as Message).message_id).toBe(message.message_id + 1);

    // forum topics
    const forum = makeSupergroup({ isForum: true });
    const topic = emulator.createForumTopic(forum, "Questions");
    const inTopic = emulator.userSendsText(alice, forum, "/ask@test_emulated_bot what?", {
      threadId: topic.message_thread_id,
    });
    expect(inTopic).toMatchObject({
      message_thread_id: topic.message_thread_id,
      is_topic_message: true,
    });
    expect(inTopic.entities?.[0]).toEqual({ type: "bot_command", offset: 0, length: 22 });
    const answer = await call(emulator, "sendMessage", {
      chat_id: forum.id,
      message_thread_id: topic.message_thread_id,
      text: "answer",
    });
    expect(answer.body.result).toMatchObject({
      message_thread_id: topic.message_thread_id,
      is_topic_message: true,
    });
    const missingTopic = await call(emulator, "sendMessage", {
      chat_id: forum.id,
      message_thread_id: 999,
      text: "x",
    });
    expect(missingTopic.body.description).toBe("Bad Request: message thread not found");

    const unknownChat = await call(emulator, "sendMessage", { chat_id: 42, text: "x" });
    expect(unknownChat.body).toMatchObject({
      error_code: 400,
      description: "Bad Request: chat not found",
    });
    expect(emulator.sentMessages(alice.id).map((m) => m.text)).toEqual(["Hi there", "again"]);
  });

  it("validates text like Telegram: empty, too long (UTF-16 units)", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const empty = await call(emulator, "sendMessage", { chat_id: chat.id, text: "  \n " });
    expect(empty.status).toBe(400);
    expect(empty.body.description).toBe("Bad Request: message text is empty");
    // "😀" is two UTF-16 code units: 2048 of them are exactly 4096
    const ok = await call(emulator, "sendMessage", { chat_id: chat.id, text: "😀".repeat(2048) });
    expect(ok.body.ok).toBe(true);
    const long = await call(emulator, "sendMessage", {
      chat_id: chat.id,
      text: `${"😀".repeat(2048)}a`,
    });
    expect(long.body.description).toBe("Bad Request: message is too long");
    // the limit applies after parsing: tags do not count
    const html = await call(emulator, "sendMessage", {
      chat_id: chat.id,
      text: `<b>${"a".repeat(4096)}</b>`,
      parse_mode: "HTML",
    });
    expect(html.body.ok).toBe(true);
  });

  it("parses and validates HTML like Telegram", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const send = (text: string) =>
      call(emulator, "sendMessage", { chat_id: chat.id, text, parse_mode: "HTML" });

    const good = await send(
      '<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler> <span class="tg-spoiler">y</span> ' +
        '<a href="https://example.com/a?b=1&amp;c=2">link</a> <code>c</code> ' +
        '<pre><code class="language-ts">let a;</code></pre> <blockquote expandable>q</blockquote> ' +
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> 1 &lt; 2 &amp;&#33; AT&T',
    );
    expect(good.body.ok).toBe(true);
    const message = good.body.result as Message.TextMessage;
    expect(message.text).toBe("b i u s x y link c let a; q 👍 1 < 2 &! AT&T");
    expect(message.entities?.map((e) => e.type)).toEqual([
      "bold",
      "italic",
      "underline",
      "strikethrough",
      "spoiler",
      "spoiler",
      "text_link",
      "code",
      "pre",
      "expandable_blockquote",
      "custom_emoji",
    ]);
    expect(message.entities?.find((e) => e.type === "pre")).toMatchObject({ language: "ts" });
    expect(message.entities?.find((e) => e.type === "text_link")).toMatchObject({
      url: "https://example.com/a?b=1&c=2",
    });

    const cases: [string, RegExp][] = [
      [
        "line<br>break",
        /^Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 4$/,
      ],
      [
        "<b>open",
        /^Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"$/,
      ],
      ["<b>x</i>", /Unmatched end tag at byte offset 4, expected "<\/b>", found "<\/i>"/],
      ["x</b>", /Unexpected end tag at byte offset 1/],
      ["1 < 2", /Unsupported start tag "" at byte offset 2/],
      ["a <= b", /Unsupported start tag "=" at byte offset 2/],
      ["ünï <p>", /Unsupported start tag "p" at byte offset 6/], // byte offsets are UTF-8
      ['<span class="x">y</span>', /Tag "span" must have class "tg-spoiler"/],
      ["<a href=x", /Unclosed start tag/],
    ];
    for (const [text, expected] of cases) {
      const res = await send(text);
      expect(res.status, text).toBe(400);
      expect(res.body.description, text).toMatch(expected);
    }
  });

  it("keeps a bare & like Telegram, or rejects it with strictHtml", async () => {
    expect(parseHtml("Q&A &amp &lt").text).toBe("Q&A & <");
    expect(() => parseHtml("Q&A", { strictAmpersand: true })).toThrow(/Unescaped "&"/);
    const lenient = await startEmulator();
    const strict = await startEmulator({ strictHtml: true });
    const results = [];
    for (const emulator of [lenient, strict]) {
      const { chat } = knownPrivateChat(emulator);
      results.push(
        await call(emulator, "sendMessage", { chat_id: chat.id, text: "R&D", parse_mode: "HTML" }),
      );
    }
    expect(results[0]?.body.result).toMatchObject({ text: "R&D" });
    expect(results[1]?.body.description).toMatch(
      /^Bad Request: can't parse entities: Unescaped "&"/,
    );
  });

  it("refuses parse modes the bot does not use", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const res = await call(emulator, "sendMessage", {
      chat_id: chat.id,
      text: "*bold*",
      parse_mode: "MarkdownV2",
    });
    expect(res.body.description).toBe(
      "Bad Request: parse_mode markdownv2 is not emulated: use HTML",
    );
  });

  it("checks callback_data is at most 64 bytes of UTF-8", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const send = (data: string) =>
      call(emulator, "sendMessage", {
        chat_id: chat.id,
        text: "pick",
        reply_markup: { inline_keyboard: [[{ text: "x", callback_data: data }]] },
      });
    expect((await send("a".repeat(64))).body.ok).toBe(true);
    expect((await send("я".repeat(32))).body.ok).toBe(true); // 64 bytes
    const tooLong = await send("я".repeat(33)); // 66 bytes but only 33 characters
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const textOnly = await call(emulator, "sendMessage", {
      chat_id: chat.id,
      text: "x",
      reply_markup: { inline_keyboard: [[{ text: "x" }]] },
    });
    expect(textOnly.body.description).toMatch(/Text buttons are unallowed in the inline keyboard/);
  });

  it("edits messages: not modified, keyboard removed when reply_markup is omitted", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const keyboard = { inline_keyboard: [[{ text: "Next", callback_data: "next" }]] };
    const sent = (
      await call(emulator, "sendMessage", {
        chat_id: chat.id,
        text: "page 1",
        reply_markup: keyboard,
      })
    ).body.result as Message;
    const same = await call(emulator, "editMessageText", {
      chat_id: chat.id,
      message_id: sent.message_id,
      text: "page 1",
      reply_markup: keyboard,
    });
    expect(same.status).toBe(400);
    expect(same.body.description).toMatch(/^Bad Request: message is not modified: /);

    const edited = await call(emulator, "editMessageText", {
      chat_id: chat.id,
      message_id: sent.message_id,
      text: "page 2",
    });
    expect(edited.body.result).toMatchObject({ text: "page 2", edit_date: expect.any(Number) });
    expect((edited.body.result as Message).reply_markup).toBeUndefined();
    const markup = await call(emulator, "editMessageReplyMarkup", {
      chat_id: chat.id,
      message_id: sent.message_id,
      reply_markup: keyboard,
    });
    expect((markup.body.result as Message).reply_markup).toEqual(keyboard);
    const again = await call(emulator, "editMessageReplyMarkup", {
      chat_id: chat.id,
      message_id: sent.message_id,
      reply_markup: keyboard,
    });
    expect(again.body.description).toMatch(/message is not modified/);
    expect(emulator.sentMessages(chat.id)[0]).toMatchObject({
      text: "page 2",
      reply_markup: keyboard,
    });

    const gone = await call(emulator, "editMessageText", {
      chat_id: chat.id,
      message_id: sent.message_id + 1,
      text: "x",
    });
    expect(gone.body.description).toBe("Bad Request: message to edit not found");
  });

  it("answers callback and inline queries only for known ids", async () => {
    const emulator = await startEmulator();
    const { user, chat } = knownPrivateChat(emulator);
    const unknown = await call(emulator, "answerCallbackQuery", { callback_query_id: "123" });
    expect(unknown.body.description).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );
    const sent = (
      await call(emulator, "sendMessage", {
        chat_id: chat.id,
        text: "pick",
        reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
      })
    ).body.result as Message;
    expect(() => emulator.userTapsButton(user, sent, "b")).toThrow(/has no button .*"b".*\["a"\]/);
    const queryId = emulator.userTapsButton(user, sent, "a");
    expect(
      (await call(emulator, "answerCallbackQuery", { callback_query_id: queryId })).body.ok,
    ).toBe(true);
    // a query can only be answered once
    expect(
      (await call(emulator, "answerCallbackQuery", { callback_query_id: queryId })).body.ok,
    ).toBe(false);

    const inlineId = emulator.userSendsInline(user, "search");
    const results = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        type: "article",
        id: String(i),
        title: `r${i}`,
        input_message_content: { message_text: `text ${i}` },
      }));
    const tooMany = await call(emulator, "answerInlineQuery", {
      inline_query_id: inlineId,
      results: results(51),
    });
    expect(tooMany.body.description).toBe("Bad Request: RESULTS_TOO_MUCH");
    expect(
      (
        await call(emulator, "answerInlineQuery", {
          inline_query_id: inlineId,
          results: results(50),
        })
      ).body.ok,
    ).toBe(true);
    const stale = await call(emulator, "answerInlineQuery", {
      inline_query_id: "nope",
      results: [],
    });
    expect(stale.body.description).toMatch(/query is too old/);
  });

  it("implements the remaining methods", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    expect(
      (await call(emulator, "sendChatAction", { chat_id: chat.id, action: "typing" })).body.ok,
    ).toBe(true);
    expect(
      (await call(emulator, "sendChatAction", { chat_id: chat.id, action: "dancing" })).body
        .description,
    ).toBe("Bad Request: wrong parameter action in request");
    const commands = [{ command: "start", description: "Start" }];
    expect((await call(emulator, "setMyCommands", { commands, language_code: "ru" })).body.ok).toBe(
      true,
    );
    expect(
      (await call(emulator, "setMyCommands", { commands, language_code: "russian" })).body
        .description,
    ).toBe("Bad Request: invalid language code specified");
    expect(
      (
        await call(emulator, "setMyCommands", {
          commands: [{ command: "Start", description: "x" }],
        })
      ).body.description,
    ).toBe("Bad Request: BOT_COMMAND_INVALID");
    expect((await call(emulator, "setWebhook", { url: "https://example.com/hook" })).body.ok).toBe(
      true,
    );
    expect((await call(emulator, "getUpdates")).body).toMatchObject({ ok: false, error_code: 409 });
    expect((await call(emulator, "deleteWebhook")).body.ok).toBe(true);
    expect((await call(emulator, "getUpdates")).body).toEqual({ ok: true, result: [] });
    expect((await call(emulator, "logOut")).body).toMatchObject({ ok: false, error_code: 404 });
  });
});

describe("long polling", () => {
  it("returns [] when the timeout elapses", async () => {
    const emulator = await startEmulator();
    const started = Date.now();
    const res = await call(emulator, "getUpdates", { timeout: 0.3 });
    const elapsed = Date.now() - started;
    expect(res.body).toEqual({ ok: true, result: [] });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it("answers as soon as an update arrives and confirms updates by offset", async () => {
    const emulator = await startEmulator();
    const user = makeUser();
    const pending = call(emulator, "getUpdates", { timeout: 10 });
    await emulator.waitFor((c) => c.method === "getUpdates", 1000, { since: 0 });
    const started = Date.now();
    emulator.userSendsText(user, privateChat(user), "one");
    emulator.userSendsText(user, privateChat(user), "two");
    const first = (await pending).body.result as Update[];
    expect(Date.now() - started).toBeLessThan(1000);
    // updates pushed in the same tick come in one batch
    expect(first.map((u) => u.message?.text)).toEqual(["one", "two"]);
    const [a, b] = first as [Update, Update];
    expect(b.update_id).toBe(a.update_id + 1);

    // not confirmed yet: same updates again; limit is honoured
    const again = (await call(emulator, "getUpdates", { limit: 1 })).body.result as Update[];
    expect(again.map((u) => u.update_id)).toEqual([a.update_id]);
    const rest = (await call(emulator, "getUpdates", { offset: a.update_id + 1 })).body
      .result as Update[];
    expect(rest.map((u) => u.update_id)).toEqual([b.update_id]);
    expect(emulator.pendingUpdateCount).toBe(1);
    expect((await call(emulator, "getUpdates", { offset: b.update_id + 1 })).body.result).toEqual(
      [],
    );
    expect(emulator.pendingUpdateCount).toBe(0);
  });

  it("terminates an older concurrent getUpdates with 409 and ends long polls on close", async () => {
    const emulator = await startEmulator();
    const older = call(emulator, "getUpdates", { timeout: 10 });
    await emulator.waitFor((c) => c.method === "getUpdates", 1000, { since: 0 });
    const newer = call(emulator, "getUpdates", { timeout: 10 });
    expect((await older).body).toMatchObject({
      ok: false,
      error_code: 409,
      description:
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
    await emulator.waitFor((c) => c.method === "getUpdates", 1000, { since: 1 });
    const started = Date.now();
    await emulator.close();
    expect((await newer).body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("observation", () => {
  it("waitFor: future calls by default, earlier ones with since, helpful timeout errors", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const mark = emulator.mark();
    await call(emulator, "sendMessage", { chat_id: chat.id, text: "early" });
    // without since the earlier call does not count
    await expect(
      emulator.waitFor((c) => c.method === "sendMessage", 100, { description: "a sendMessage" }),
    ).rejects.toThrow(
      /timed out after 100 ms waiting for: a sendMessage[\s\S]*#0 sendMessage .*"early".* -> 200 ok/,
    );
    const found = await emulator.waitFor((c) => c.method === "sendMessage", 100, { since: mark });
    expect(found.payload).toMatchObject({ text: "early" });
    expect(found.response).toMatchObject({ ok: true });

    const later = emulator.waitForMessage({ chatId: chat.id, text: /late/ });
    await call(emulator, "sendMessage", { chat_id: chat.id, text: "too late" });
    expect((await later).text).toBe("too late");

    const counted = emulator.waitForCalls("sendMessage", 3, 2000);
    await call(emulator, "sendMessage", { chat_id: chat.id, text: "third" });
    expect((await counted).map((c) => c.payload.text)).toEqual(["early", "too late", "third"]);
    await expect(emulator.waitForCalls("sendMessage", 10, 50)).rejects.toThrow(
      /3 of 10 sendMessage/,
    );
  });

  it("keeps memory bounded with recordCalls: false", async () => {
    const emulator = await startEmulator({ recordCalls: false, keepLastCalls: 5 });
    const { chat } = knownPrivateChat(emulator);
    for (let i = 0; i < 20; i++)
      await call(emulator, "sendMessage", { chat_id: chat.id, text: `m${i}` });
    expect(emulator.calls.map((c) => c.payload.text)).toEqual(["m15", "m16", "m17", "m18", "m19"]);
    expect(emulator.calls.map((c) => c.seq)).toEqual([15, 16, 17, 18, 19]);
    expect(emulator.stats()).toEqual({ sendMessage: 20 });
  });
});

describe("fault injection", () => {
  it("fails the next calls and records the fault", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    emulator.failNext("sendMessage", { kind: "retryAfter", seconds: 7 }, 2);
    for (let i = 0; i < 2; i++) {
      const res = await call(emulator, "sendMessage", { chat_id: chat.id, text: "x" });
      expect(res.status).toBe(429);
      expect(res.body).toEqual({
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 7",
        parameters: { retry_after: 7 },
      });
    }
    expect((await call(emulator, "sendMessage", { chat_id: chat.id, text: "x" })).status).toBe(200);
    expect(emulator.callsTo("sendMessage").map((c) => c.fault?.kind)).toEqual([
      "retryAfter",
      "retryAfter",
      undefined,
    ]);
    // faulted calls did not send anything
    expect(emulator.sentMessages(chat.id)).toHaveLength(1);

    emulator.failNext("sendMessage", { kind: "blocked" });
    expect(
      (await call(emulator, "sendMessage", { chat_id: chat.id, text: "x" })).body.description,
    ).toBe("Forbidden: bot was blocked by the user");
    emulator.failNext("sendMessage", {
      kind: "error",
      code: 500,
      description: "Internal Server Error",
    });
    const internal = await call(emulator, "sendMessage", { chat_id: chat.id, text: "x" });
    expect(internal.status).toBe(500);
    expect(internal.body).toEqual({
      ok: false,
      error_code: 500,
      description: "Internal Server Error",
    });
    emulator.failNext("editMessageText", { kind: "notModified" });
    expect(
      (await call(emulator, "editMessageText", { chat_id: chat.id, message_id: 1, text: "y" })).body
        .description,
    ).toMatch(/^Bad Request: message is not modified/);
  });

  it("answers like a failing proxy, drops connections and delays responses", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const handle = emulator.failWhile("*", { kind: "http", status: 502 });
    for (const method of ["getMe", "sendMessage"]) {
      const res = await fetch(`${emulator.apiRoot}/bot${emulator.token}/${method}`, {
        method: "POST",
      });
      expect(res.status).toBe(502);
      expect(res.headers.get("content-type")).toBe("text/html");
      expect(await res.text()).toContain("<h1>502 Bad Gateway</h1>");
    }
    expect(handle.hits).toBe(2);
    handle.stop();
    expect((await call(emulator, "getMe")).status).toBe(200);

    emulator.failNext("getMe", { kind: "drop" });
    await expect(call(emulator, "getMe")).rejects.toThrow();
    expect(emulator.callsTo("getMe").at(-1)).toMatchObject({
      fault: { kind: "drop" },
      status: undefined,
    });

    emulator.failNext("sendMessage", { kind: "timeout", ms: 300 });
    const started = Date.now();
    const slow = await call(emulator, "sendMessage", { chat_id: chat.id, text: "slow" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(slow.body.ok).toBe(true);
  });

  it("holds a response forever with ms: Infinity until the client gives up", async () => {
    const emulator = await startEmulator();
    emulator.failNext("getMe", { kind: "timeout", ms: Number.POSITIVE_INFINITY });
    await expect(
      fetch(`${emulator.apiRoot}/bot${emulator.token}/getMe`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    const aborted = await emulator.waitFor((c) => c.aborted, 1000, { since: 0 });
    expect(aborted.response).toMatchObject({ ok: true });
    expect(aborted.status).toBeUndefined();
  });
});

describe("with grammY", () => {
  it("runs an echo bot over long polling", async () => {
    const emulator = await startEmulator();
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    bots.push(bot);
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.msg.text}`));
    const running = bot.start({ timeout: 1 });
    const alice = makeUser({ first_name: "Alice" });

    const mark = emulator.mark();
    emulator.userSendsText(alice, privateChat(alice), "hello");
    const reply = await emulator.waitForMessage({ chatId: alice.id }, 5000, { since: mark });
    expect(reply.text).toBe("echo: hello");
    // grammY sends JSON and initialises with getMe + deleteWebhook
    expect(emulator.callsTo("getMe")).toHaveLength(1);
    expect(emulator.callsTo("deleteWebhook")).toHaveLength(1);
    expect(emulator.callsTo("sendMessage")[0]?.payload).toEqual({
      chat_id: alice.id,
      text: "echo: hello",
    });

    // bot.stop() aborts the pending long poll (the socket is closed by grammY)
    const pendingPoll = await emulator.waitFor(
      (c) => c.method === "getUpdates" && c.settledAt === undefined,
      2000,
      { since: mark },
    );
    const stopped = Date.now();
    await bot.stop();
    await running;
    expect(Date.now() - stopped).toBeLessThan(1000);
    await emulator.waitFor((c) => c === pendingPoll && c.aborted, 1000, { since: pendingPoll.seq });
    // stop() confirmed the handled update
    expect(emulator.pendingUpdateCount).toBe(0);
    expect(emulator.callsTo("getUpdates").at(-1)?.payload).toMatchObject({ limit: 1 });
  });

  it("sees Telegram errors as GrammyError and proxy failures as HttpError", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const bot = grammyBot(emulator);

    const html = await bot.api
      .sendMessage(chat.id, "<b>unclosed", { parse_mode: "HTML" })
      .catch((e: unknown) => e);
    expect(html).toBeInstanceOf(GrammyError);
    expect((html as GrammyError).description).toMatch(
      /^Bad Request: can't parse entities: Can't find end tag/,
    );

    emulator.failNext("sendMessage", { kind: "retryAfter", seconds: 3 });
    const flood = await bot.api.sendMessage(chat.id, "hi").catch((e: unknown) => e);
    expect(flood).toBeInstanceOf(GrammyError);
    expect((flood as GrammyError).error_code).toBe(429);
    expect((flood as GrammyError).parameters.retry_after).toBe(3);

    emulator.failNext("sendMessage", { kind: "http", status: 502 });
    const proxy = await bot.api.sendMessage(chat.id, "hi").catch((e: unknown) => e);
    expect(proxy).toBeInstanceOf(HttpError);

    emulator.failNext("sendMessage", { kind: "drop" });
    const dropped = await bot.api.sendMessage(chat.id, "hi").catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(HttpError);
    expect(String((dropped as HttpError).error)).toMatch(/socket hang up|ECONNRESET/);

    // the bot still works afterwards (keep-alive agent recovers)
    expect((await bot.api.sendMessage(chat.id, "after")).text).toBe("after");
  });

  it("times out on a held response, while the message was actually sent", async () => {
    const emulator = await startEmulator();
    const { chat } = knownPrivateChat(emulator);
    const bot = grammyBot(emulator, { timeoutSeconds: 0.3 });
    emulator.failNext("sendMessage", { kind: "timeout", ms: Number.POSITIVE_INFINITY });
    const error = await bot.api.sendMessage(chat.id, "lost answer").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(String((error as HttpError).error)).toMatch(/timed out after 0.3 seconds/);
    expect(emulator.sentMessages(chat.id).map((m) => m.text)).toEqual(["lost answer"]);
    await emulator.waitFor((c) => c.aborted, 1000, { since: 0 });
  });

  it("handles inline keyboards, callback queries and edits end to end", async () => {
    const emulator = await startEmulator();
    const bot = grammyBot(emulator);
    bot.command("start", (ctx) =>
      ctx.reply("Choose", {
        reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }]] },
      }),
    );
    bot.callbackQuery("yes", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "ok" });
      await ctx.editMessageText("You chose yes");
    });
    const running = bot.start({ timeout: 1 });
    const bob = makeUser({ first_name: "Bob" });
    const group = makeGroup();

    // privacy mode: plain group chatter is not delivered, commands are
    emulator.userSendsText(bob, group, "just chatting");
    const mark = emulator.mark();
    emulator.userSendsText(bob, group, `/start@${emulator.botInfo.username}`);
    const menu = await emulator.waitForMessage({ chatId: group.id }, 5000, { since: mark });
    expect(menu.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ callback_data: "yes" });

    const queryId = emulator.userTapsButton(bob, menu, "yes");
    const edit = await emulator.waitFor(
      (c) => c.method === "editMessageText" && c.settledAt !== undefined,
      5000,
      {
        since: mark,
      },
    );
    expect(edit.response).toMatchObject({ ok: true, result: { text: "You chose yes" } });
    expect(emulator.callsTo("answerCallbackQuery")[0]?.payload).toMatchObject({
      callback_query_id: queryId,
      text: "ok",
    });
    expect(emulator.sentMessages(group.id)).toHaveLength(1);
    expect(emulator.sentMessages(group.id)[0]?.reply_markup).toBeUndefined();
    // the chatter message was never delivered
    expect(
      emulator
        .callsTo("getUpdates")
        .flatMap((c) => (c.response?.ok ? c.response.result : []))
        .map((u) => u.message?.text),
    ).not.toContain("just chatting");
    await bot.stop();
    await running;
  });

  it("delivers texts, mentions, raw updates and blocks", async () => {
    const emulator = await startEmulator();
    const bot = grammyBot(emulator);
    const seen: string[] = [];
    bot.on("message:entities:mention", (ctx) => {
      seen.push(`mention ${ctx.entities("mention")[0]?.text}`);
    });
    bot.on("message:text", (ctx) => {
      seen.push(`text ${ctx.msg.text}`);
    });
    bot.on("my_chat_member", (ctx) => {
      seen.push(`member ${ctx.myChatMember.new_chat_member.status}`);
    });
    const running = bot.start({ timeout: 1 });
    const carol = makeUser({ first_name: "Carol" });
    const chat = privateChat(carol);
    const group = makeSupergroup();

    const original = emulator.userSendsText(carol, chat, "typo");
    emulator.userSendsText(carol, group, `hey @${emulator.botInfo.username} help`);
    emulator.sendUpdate({
      message: { ...original, message_id: 99, text: "raw" } as Update["message"],
    });
    emulator.userBlocksBot(carol);
    await eventually(() => seen.length >= 4);
    expect(seen).toEqual([
      "text typo",
      `mention @${emulator.botInfo.username}`,
      "text raw",
      "member kicked",
    ]);
    await expect(bot.api.sendMessage(carol.id, "still there?")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    expect(() =>
      emulator.sendUpdate({ update_id: 1, message: original as Update["message"] }),
    ).toThrow(/not greater than the last one/);
    await bot.stop();
    await running;
  });

  it("sustains a burst of users over keep-alive HTTP", async () => {
    const emulator = await startEmulator({ recordCalls: false, keepLastCalls: 50 });
    const bot = grammyBot(emulator);
    bot.on("message:text", (ctx) => ctx.reply(`re: ${ctx.msg.text}`));
    const running = bot.start({ timeout: 1 });
    const users = Array.from({ length: 300 }, (_, i) => makeUser({ first_name: `U${i}` }));
    const started = Date.now();
    for (const user of users) emulator.userSendsText(user, privateChat(user), "q");
    await emulator.waitForCalls("sendMessage", users.length, 15_000);
    const elapsed = Date.now() - started;
    expect(emulator.stats().sendMessage).toBe(users.length);
    expect(elapsed).toBeLessThan(10_000);
    await bot.stop();
    await running;

    // raw throughput over one keep-alive agent
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const path = `/bot${emulator.token}/getMe`;
    const once = () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port: Number(new URL(emulator.apiRoot).port),
            path,
            method: "POST",
            agent,
          },
          (res) => {
            res.resume();
            res.on("end", resolve);
          },
        );
        req.on("error", reject);
        req.end();
      });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 2000 }, once));
    const perSecond = 2000 / ((Date.now() - t0) / 1000);
    agent.destroy();
    // client and server share one process here; generous bound so loaded CI machines pass
    expect(perSecond).toBeGreaterThan(250);
  });
});

describe("in process", () => {
  it("answers a bot in the same process through call(), validating and faulting as over HTTP", async () => {
    const emulator = BotApiEmulator.inProcess();
    const bot = new Bot(emulator.token, { botInfo: emulator.botInfo });
    bot.api.config.use(
      (_previous, method, payload) =>
        emulator.call(method, payload as Record<string, unknown>) as never,
    );
    bot.on("message:text", (ctx) => ctx.reply(`<b>${ctx.msg.text}</b>`, { parse_mode: "HTML" }));
    const alice = makeUser();
    emulator.userSendsText(alice, privateChat(alice), "hi");
    for (const update of emulator.takeUpdates()) await bot.handleUpdate(update);
    expect(emulator.takeUpdates()).toEqual([]);
    expect(emulator.sentMessages(alice.id)).toMatchObject([
      { text: "hi", entities: [{ type: "bold", offset: 0, length: 2 }] },
    ]);
    await expect(
      bot.api.sendMessage(alice.id, "<b>open", { parse_mode: "HTML" }),
    ).rejects.toMatchObject({ error_code: 400 });
    emulator.failNext("sendMessage", { kind: "blocked" });
    await expect(bot.api.sendMessage(alice.id, "x")).rejects.toMatchObject({ error_code: 403 });
    emulator.failNext("sendMessage", { kind: "drop" });
    await expect(bot.api.sendMessage(alice.id, "x")).rejects.toThrow(/unreachable/);
    expect(emulator.callsTo("sendMessage").map((c) => c.status)).toEqual([
      200,
      400,
      403,
      undefined,
    ]);
  });
});
