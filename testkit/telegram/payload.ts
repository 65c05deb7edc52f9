/** Reading Bot API parameters the way Telegram does: numbers and JSON may arrive as strings. */
import { BotApiError } from "./types.js";

/** Parameters of one call, as parsed from JSON, a form or the query string. */
export type Payload = Record<string, unknown>;

/** A 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(description: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${description}`);
}

/** A form value that looks like a JSON object or array, parsed; anything else as it is. */
export function maybeJson(value: string): unknown {
  const first = value.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** The number at `key`, if any; a value that is not a number is a 400. */
export function optionalInt(p: Payload, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw badRequest(`field "${key}" must be a number`);
  return n;
}

/** The string at `key`, if any (numbers and booleans are spelt out). */
export function optionalString(p: Payload, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw badRequest(`field "${key}" must be of type String`);
}

/** The value at `key`, parsed if it arrived as a JSON string. */
export function optionalJson(p: Payload, key: string): unknown {
  const v = p[key];
  return typeof v === "string" ? maybeJson(v) : v;
}

/** Telegram's truthy spellings of a boolean parameter. */
export function isTrue(v: unknown): boolean {
  return v === true || v === "true" || v === "True" || v === 1 || v === "1";
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Telegram's answer to an edit that changes nothing. */
export const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/** Telegram's answer to a callback or inline query answered late, twice, or never asked. */
export const TOO_OLD =
  "Bad Request: query is too old and response timeout expired or query ID is invalid";
