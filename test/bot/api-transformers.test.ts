import { describe, expect, it } from "vitest";
import {
  formatMessages,
  logApiFailures,
  plainTextFallback,
} from "../../src/bot/api-transformers.js";
import { createLogger } from "../../src/logger.js";

type Prev = Parameters<typeof plainTextFallback>[0];

function fakeApi(responses: object[]) {
  const sent: Record<string, unknown>[] = [];
  const previous = (async (_method: string, payload: Record<string, unknown>) => {
    sent.push(payload);
    return responses.shift() ?? { ok: true, result: true };
  }) as unknown as Prev;
  return { sent, previous };
}

describe("the plain-text fallback", () => {
  it("resends rejected HTML as plain text", async () => {
    const api = fakeApi([
      {
        ok: false,
        error_code: 400,
        description: "Bad Request: can't parse entities: unsupported start tag",
      },
    ]);
    const response = await plainTextFallback(api.previous, "sendMessage", {
      chat_id: 1,
      text: "<b>1.</b> a &lt;b&gt; &amp; c",
      parse_mode: "HTML",
    } as never);
    expect(response.ok).toBe(true);
    expect(api.sent[1]).toEqual({ chat_id: 1, text: "1. a <b> & c" });
  });

  it("leaves other errors alone", async () => {
    const api = fakeApi([
      { ok: false, error_code: 400, description: "Bad Request: chat not found" },
    ]);
    const response = await plainTextFallback(api.previous, "sendMessage", {
      chat_id: 1,
      text: "x",
      parse_mode: "HTML",
    } as never);
    expect(response.ok).toBe(false);
    expect(api.sent).toHaveLength(1);
  });
});

describe("the message format", () => {
  it("sends message texts as HTML without link previews unless the call says otherwise", async () => {
    const api = fakeApi([]);
    await formatMessages(api.previous, "sendMessage", { chat_id: 1, text: "a" } as never);
    await formatMessages(api.previous, "editMessageText", {
      chat_id: 1,
      message_id: 2,
      text: "b",
      parse_mode: "MarkdownV2",
    } as never);
    expect(api.sent).toEqual([
      { chat_id: 1, text: "a", parse_mode: "HTML", link_preview_options: { is_disabled: true } },
      {
        chat_id: 1,
        message_id: 2,
        text: "b",
        parse_mode: "MarkdownV2",
        link_preview_options: { is_disabled: true },
      },
    ]);
  });

  it("formats the messages of inline results and leaves other methods alone", async () => {
    const api = fakeApi([]);
    await formatMessages(api.previous, "answerInlineQuery", {
      inline_query_id: "q",
      results: [{ type: "article", id: "1", input_message_content: { message_text: "<b>x</b>" } }],
    } as never);
    await formatMessages(api.previous, "answerCallbackQuery", {
      callback_query_id: "c",
      text: "done",
    } as never);
    expect(api.sent).toEqual([
      {
        inline_query_id: "q",
        results: [
          {
            type: "article",
            id: "1",
            input_message_content: {
              message_text: "<b>x</b>",
              parse_mode: "HTML",
              link_preview_options: { is_disabled: true },
            },
          },
        ],
      },
      { callback_query_id: "c", text: "done" },
    ]);
  });

  it("lets the plain-text fallback it wraps resend rejected HTML as plain text", async () => {
    const api = fakeApi([
      { ok: false, error_code: 400, description: "Bad Request: can't parse entities" },
    ]);
    const fallback: Prev = (method, payload, signal) =>
      plainTextFallback(api.previous, method, payload, signal);
    const response = await formatMessages(fallback, "sendMessage", {
      chat_id: 1,
      text: "a &amp; <b",
    } as never);
    expect(response.ok).toBe(true);
    expect(api.sent[1]).toEqual({
      chat_id: 1,
      text: "a & <b",
      link_preview_options: { is_disabled: true },
    });
  });
});

describe("logging failed Bot API calls", () => {
  it("logs a refusal once, without the token", async () => {
    const lines: string[] = [];
    const logger = createLogger("info", ["123456:SECRET-token-value-abcdefghij"], {
      write: (l: string) => lines.push(l),
    });
    const api = fakeApi([
      {
        ok: false,
        error_code: 500,
        description:
          "Internal Server Error at /bot123456:SECRET-token-value-abcdefghij/sendMessage",
      },
    ]);
    await logApiFailures(logger)(api.previous, "sendMessage", { chat_id: 1, text: "x" } as never);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"method":"sendMessage"');
    expect(lines[0]).not.toContain("SECRET-token");
  });

  it("does not log what the handlers expect: a blocked user, an unchanged edit", async () => {
    const lines: string[] = [];
    const logger = createLogger("info", [], { write: (l: string) => lines.push(l) });
    const api = fakeApi([
      { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
      {
        ok: false,
        error_code: 400,
        description: "Bad Request: message is not modified: specified new message content",
      },
    ]);
    await logApiFailures(logger)(api.previous, "sendMessage", {} as never);
    await logApiFailures(logger)(api.previous, "editMessageText", {} as never);
    expect(lines).toEqual([]);
  });
});
