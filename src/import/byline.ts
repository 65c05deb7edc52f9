import { normalizeDate } from "./dates.js";
import type { SourceMetadata } from "./types.js";

type Field = "author" | "source" | "published" | "ignored";

// Labels of a byline line, in English, Russian and Chinese. "By" needs no colon.
const LABELS: readonly [RegExp, Field][] = [
  [/^by$/i, "author"],
  [/^(authors?|written by|автор|авторы|作者|文)$/i, "author"],
  [/^(source|publication|источник|来源|出处)$/i, "source"],
  [
    /^(published|publication date|date|posted|posted on|опубликовано|дата|日期|发布时间|时间)$/i,
    "published",
  ],
  [/^(updated|last updated|обновлено|更新时间|editor|编辑|责任编辑|views|просмотров)$/i, "ignored"],
];
const LABEL_WORDS =
  "By|Authors?|Written by|Source|Publication date|Publication|Published|Posted on|Posted|Last updated|Updated|Date|Editor|Views|Автор|Авторы|Источник|Опубликовано|Обновлено|Дата|Просмотров|作者|来源|出处|发布时间|更新时间|责任编辑|编辑|日期|时间";
// A label at the start or after whitespace; every label but "By" takes a colon.
const LABEL = new RegExp(`(?:^|\\s)((?:${LABEL_WORDS})\\s*[:：]|By(?=\\s))\\s*`, "gi");

function fieldOf(label: string): Field | undefined {
  const word = label.replace(/[:：]\s*$/, "").trim();
  return LABELS.find(([pattern]) => pattern.test(word))?.[1];
}

/** A plausible name: short, starts with a capital (or is Chinese), no sentence in it. */
function looksLikeName(text: string): boolean {
  return (
    text.length > 1 &&
    text.length <= 80 &&
    text.split(/\s+/).length <= 8 &&
    /^[\p{Lu}\p{Script=Han}]/u.test(text) &&
    !/[.!?]\s\p{Lu}/u.test(text)
  );
}

/**
 * Reads a byline block such as `By Sergey Glaziev   Source: China Pictorial   Published:
 * 2019-4-4`. Returns the fields it states, or `undefined` when the block is not a byline
 * (it must start with a label and consist of labelled values only).
 */
export function parseByline(block: string): SourceMetadata | undefined {
  const text = block.replace(/\s+/g, " ").trim();
  if (text.length > 240) return undefined;
  const labels = [...text.matchAll(LABEL)];
  const first = labels[0];
  if (!first || text.slice(0, first.index).trim() !== "") return undefined;
  const found: SourceMetadata = {};
  for (const [i, match] of labels.entries()) {
    const label = match[1] ?? "";
    const start = (match.index ?? 0) + match[0].length;
    const end = labels[i + 1]?.index ?? text.length;
    const value = text
      .slice(start, end)
      .trim()
      .replace(/[,;|]$/, "")
      .trim();
    const field = fieldOf(label);
    if (!field || !value) continue;
    if (field === "author") {
      if (!looksLikeName(value)) return undefined;
      found.author ??= value;
    } else if (field === "source") {
      if (value.length > 100) return undefined;
      found.source ??= value;
    } else if (field === "published") {
      const date = normalizeDate(value);
      if (!date) return undefined;
      found.published ??= date;
    }
  }
  return Object.keys(found).length > 0 ? found : undefined;
}
