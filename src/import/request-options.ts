import { isLanguage, type Language } from "../knowledge/types.js";
import { normalizeDate } from "./dates.js";
import type { SourceMetadata } from "./types.js";

/** What an import request from chat may say besides the source. */
export interface RequestOptions {
  readonly metadata: SourceMetadata;
  readonly id?: string;
  readonly language?: Language;
  readonly translationOf?: string;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,47}$/;

/**
 * Reads `key: value` lines (a file's caption, or the lines under `/import URL`) into import
 * options: title, author, source, published, lang, id, translation-of, the command-line
 * flags by another name. Returns a one-line problem instead when a line is not understood.
 */
export function parseRequestOptions(lines: readonly string[]): RequestOptions | string {
  const metadata: SourceMetadata = {};
  let id: string | undefined;
  let language: Language | undefined;
  let translationOf: string | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^([\w-]+)\s*[:：]\s*(.+)$/.exec(line);
    if (!match) return `cannot read the line '${line}': write 'field: value'`;
    const key = (match[1] ?? "").toLowerCase();
    const value = (match[2] ?? "").trim();
    if (key === "title" || key === "author" || key === "source") metadata[key] = value;
    else if (key === "published") {
      const date = normalizeDate(value);
      if (!date)
        return `published '${value}' is not a date: write 2019-04-04, 2019-04, 2019 or --07-24`;
      metadata.published = date;
    } else if (key === "lang" || key === "language") {
      if (!isLanguage(value)) return `lang must be en, ru or zh, not '${value}'`;
      language = value;
    } else if (key === "id" || key === "translation-of") {
      if (!ID.test(value)) return `${key} '${value}' is not a valid id`;
      if (key === "id") id = value;
      else translationOf = value;
    } else {
      return `unknown field '${key}' (known: title, author, source, published, lang, id, translation-of)`;
    }
  }
  return {
    metadata,
    ...(id ? { id } : {}),
    ...(language ? { language } : {}),
    ...(translationOf ? { translationOf } : {}),
  };
}
