import { isLanguage, type Language } from "../knowledge/types.js";
import type { Feedback } from "../questions/record.js";

/** What a button asks for. Encoded as short ASCII ids, never as text (64-byte limit). */
export type Action =
  | {
      readonly kind: "full";
      readonly document: string;
      readonly paragraph: number;
      readonly language: Language;
    }
  | { readonly kind: "original"; readonly document: string; readonly paragraph: number }
  | { readonly kind: "more"; readonly answer: string; readonly offset: number }
  | { readonly kind: "language"; readonly language: Language }
  | {
      readonly kind: "example";
      readonly document: string;
      readonly number: number;
      readonly language: Language;
    }
  | { readonly kind: "feedback"; readonly entry: string; readonly verdict: Feedback };

/** Telegram's limit for callback data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

export function encodeAction(action: Action): string {
  switch (action.kind) {
    case "full":
      return `f:${action.document}:${action.paragraph}:${action.language}`;
    case "original":
      return `o:${action.document}:${action.paragraph}`;
    case "more":
      return `m:${action.answer}:${action.offset}`;
    case "language":
      return `l:${action.language}`;
    case "example":
      return `x:${action.document}:${action.number}:${action.language}`;
    case "feedback":
      return `v:${action.entry}:${action.verdict === "up" ? "u" : "d"}`;
  }
}

const ID = "([a-z0-9][a-z0-9_-]{0,47})";
const NUMBER = "([1-9][0-9]{0,5})";
const PATTERNS = {
  full: new RegExp(`^f:${ID}:${NUMBER}:(en|ru|zh)$`),
  original: new RegExp(`^o:${ID}:${NUMBER}$`),
  // Answer ids: 12 base64url characters (older ones were base 36).
  more: new RegExp(`^m:([0-9A-Za-z_-]{1,16}):${NUMBER}$`),
  language: /^l:(en|ru|zh)$/,
  example: new RegExp(`^x:${ID}:${NUMBER}:(en|ru|zh)$`),
  feedback: /^v:([0-9a-z]{4,20}):(u|d)$/,
};

/**
 * Parses callback data back into an action; `undefined` for anything forged, truncated or
 * malformed. Whether the document and paragraph still exist is checked by the handler.
 */
export function decodeAction(data: string | undefined): Action | undefined {
  if (!data || data.length > CALLBACK_DATA_LIMIT) return undefined;
  let m = PATTERNS.full.exec(data);
  if (m && isLanguage(m[3]))
    return { kind: "full", document: m[1] ?? "", paragraph: Number(m[2]), language: m[3] };
  m = PATTERNS.original.exec(data);
  if (m) return { kind: "original", document: m[1] ?? "", paragraph: Number(m[2]) };
  m = PATTERNS.more.exec(data);
  if (m) return { kind: "more", answer: m[1] ?? "", offset: Number(m[2]) };
  m = PATTERNS.language.exec(data);
  if (m && isLanguage(m[1])) return { kind: "language", language: m[1] };
  m = PATTERNS.example.exec(data);
  if (m && isLanguage(m[3]))
    return { kind: "example", document: m[1] ?? "", number: Number(m[2]), language: m[3] };
  m = PATTERNS.feedback.exec(data);
  if (m) return { kind: "feedback", entry: m[1] ?? "", verdict: m[2] === "u" ? "up" : "down" };
  return undefined;
}
