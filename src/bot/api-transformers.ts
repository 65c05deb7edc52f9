import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../logger.js";
import { htmlToPlain } from "./format/html.js";

type Payload = Record<string, unknown>;

/**
 * How every message text the bot writes is sent: as HTML (texts escape whatever they quote),
 * and without link previews, which would push the cited passages out of sight.
 */
export const MESSAGE_FORMAT = {
  parse_mode: "HTML",
  link_preview_options: { is_disabled: true },
} as const;

/**
 * Gives {@link MESSAGE_FORMAT} to every sent or edited message text and to the messages of
 * inline results, unless a call sets its own: what the `parseMode("HTML")` transformer of
 * grammY's parse-mode plugin did (dropped in its version 2), with the link previews beside it.
 */
export const formatMessages: Transformer = (previous, method, payload, signal) => {
  const body = payload as Payload;
  if (method === "sendMessage" || method === "editMessageText")
    return previous(method, { ...MESSAGE_FORMAT, ...body } as typeof payload, signal);
  if (method === "answerInlineQuery" && Array.isArray(body.results)) {
    const results = (body.results as Payload[]).map((result) => {
      const content = result.input_message_content as Payload | undefined;
      return content && typeof content.message_text === "string"
        ? { ...result, input_message_content: { ...MESSAGE_FORMAT, ...content } }
        : result;
    });
    return previous(method, { ...body, results } as unknown as typeof payload, signal);
  }
  return previous(method, payload, signal);
};

/**
 * If Telegram still rejects our HTML ("can't parse entities"), send the same text as plain
 * text rather than nothing.
 */
export const plainTextFallback: Transformer = async (previous, method, payload, signal) => {
  const response = await previous(method, payload, signal);
  const body = payload as Payload;
  if (
    !response.ok &&
    response.error_code === 400 &&
    /can't parse entities/i.test(response.description) &&
    body.parse_mode === "HTML" &&
    typeof body.text === "string"
  ) {
    const { parse_mode: _mode, ...rest } = body;
    return previous(method, { ...rest, text: htmlToPlain(body.text) } as typeof payload, signal);
  }
  return response;
};

/**
 * Logs each failed Bot API attempt once, through the token-scrubbing logger. Expected outcomes
 * (a user who blocked the bot, an edit that changes nothing) are left to the handlers.
 */
export function logApiFailures(logger: Logger): Transformer {
  return async (previous, method, payload, signal) => {
    let response: Awaited<ReturnType<typeof previous>>;
    try {
      response = await previous(method, payload, signal);
    } catch (error) {
      // An aborted call (a long poll abandoned at shutdown) is no failure of the Bot API.
      if (!signal?.aborted)
        logger.warn({ method, error: (error as Error).message }, "Bot API call failed (network)");
      throw error;
    }
    if (
      !response.ok &&
      response.error_code !== 403 &&
      !/message is not modified/.test(response.description)
    ) {
      const retryAfter = response.parameters?.retry_after;
      logger.warn(
        {
          method,
          code: response.error_code,
          description: response.description,
          ...(retryAfter ? { retryAfter } : {}),
        },
        "Bot API call refused",
      );
    }
    return response;
  };
}

/** Methods whose failures the caller handles itself: the poller and start-up's connect(). */
const CALLER_RETRIES: ReadonlySet<string> = new Set(["getUpdates", "getMe"]);

/**
 * Retries a call that failed on the network (Telegram unreachable, connection dropped) after
 * 0.5 s, 1 s, 2 s, … at most `maxDelayMs` apart, `attempts` times in all: auto-retry's own
 * back-off doubles towards an hour, leaving the bot silent long after Telegram is back.
 */
export function retryNetworkErrors(maxDelayMs: number, attempts = 8): Transformer {
  return async (previous, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await previous(method, payload, signal);
      } catch (error) {
        if (
          !(error instanceof HttpError) ||
          CALLER_RETRIES.has(method) ||
          signal?.aborted ||
          attempt >= attempts
        )
          throw error;
        const delay = Math.min(maxDelayMs, 250 * 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
}
