import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../logger.js";
import { htmlToPlain } from "./format/html.js";

type Payload = Record<string, unknown>;

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
