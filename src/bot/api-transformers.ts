import type { Transformer } from "grammy";
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
