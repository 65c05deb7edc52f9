import { createHash } from "node:crypto";
import { latinCandidates } from "../lexicon/transliterate.js";

const MAX_LENGTH = 48;

/**
 * A document id derived from its title: lowercase Latin letters, digits and `-`, at most 48
 * characters cut at a word boundary; Russian is transliterated. A title with no Latin or
 * Cyrillic letters (Chinese) gets `doc-` and a short hash of the title, stable across
 * re-imports.
 */
export function idFromTitle(title: string): string {
  const latin = title
    .toLowerCase()
    // Russian words as English texts spell them (the first of the lexicon's spellings).
    .replace(/[а-яё]+/g, (word) => latinCandidates(word)[0] ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/[a-z]/.test(latin)) {
    return `doc-${createHash("sha256").update(title.trim()).digest("hex").slice(0, 10)}`;
  }
  if (latin.length <= MAX_LENGTH) return latin;
  const cut = latin.slice(0, MAX_LENGTH + 1);
  const boundary = cut.lastIndexOf("-");
  return (boundary > 10 ? cut.slice(0, boundary) : latin.slice(0, MAX_LENGTH)).replace(/-+$/, "");
}
