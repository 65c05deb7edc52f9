/**
 * Formatted text as Telegram stores it: plain text plus `MessageEntity[]`, with the entities
 * Telegram detects by itself and the trimming it applies. Offsets and lengths are in UTF-16 code
 * units, like Telegram's.
 */
import type { MessageEntity } from "grammy/types";

/** A formatting error; `message` is the part after "Bad Request: can't parse entities: ". */
export class ParseEntitiesError extends Error {
  override readonly name = "ParseEntitiesError";
}

/** Text and its entities. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** Entities by offset, the longer first where two start together (Telegram's order). */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

const WORD = "\\p{L}\\p{N}_";
const COMMAND_RE = new RegExp(
  `(?<![${WORD}/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![${WORD}/<>@])`,
  "gu",
);
const MENTION_RE = new RegExp(`(?<![${WORD}@])@[A-Za-z0-9_]{4,32}(?![${WORD}])`, "gu");
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
const HASHTAG_RE = new RegExp(`(?<![${WORD}#])#[${WORD}]*\\p{L}[${WORD}]*(?![#])`, "gu");

/**
 * Entities Telegram finds by itself in any text: bot commands (`/start`, `/start@bot`),
 * `@mentions`, http(s) URLs and `#hashtags`. Ones overlapping `skip` (e.g. code, pre, text
 * links from the formatting) are not reported.
 */
export function detectEntities(text: string, skip: readonly MessageEntity[] = []): MessageEntity[] {
  const found: MessageEntity[] = [];
  const add = (
    type: "bot_command" | "mention" | "url" | "hashtag",
    offset: number,
    length: number,
  ) => {
    const end = offset + length;
    const overlaps = (e: MessageEntity) => e.offset < end && offset < e.offset + e.length;
    if (skip.some(overlaps) || found.some(overlaps)) return;
    found.push({ type, offset, length });
  };
  if (text.includes("http")) {
    for (const m of text.matchAll(URL_RE)) {
      const url = m[0].replace(/[.,;:!?)\]]+$/, "");
      add("url", m.index, url.length);
    }
  }
  if (text.includes("/")) {
    for (const m of text.matchAll(COMMAND_RE)) add("bot_command", m.index, m[0].length);
  }
  if (text.includes("@")) {
    for (const m of text.matchAll(MENTION_RE)) add("mention", m.index, m[0].length);
  }
  if (text.includes("#")) {
    for (const m of text.matchAll(HASHTAG_RE)) add("hashtag", m.index, m[0].length);
  }
  return sortEntities(found);
}

/** Whitespace Telegram strips from both ends of a message text or caption. */
const TRIMMABLE = /\s/u;

/**
 * Strips leading and trailing whitespace like Telegram does for sent texts, shifting and clipping
 * the entities accordingly (entities that become empty are dropped).
 */
export function trimFormatted(value: FormattedText): FormattedText {
  const { text } = value;
  let start = 0;
  let end = text.length;
  while (start < end && TRIMMABLE.test(text[start] as string)) start++;
  while (end > start && TRIMMABLE.test(text[end - 1] as string)) end--;
  if (start === 0 && end === text.length) return value;
  const entities: MessageEntity[] = [];
  for (const e of value.entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) entities.push({ ...e, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities };
}
