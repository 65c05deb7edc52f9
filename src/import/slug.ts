import { createHash } from "node:crypto";

// Russian letters in the common (BGN/PCGN-like, simplified) Latin spelling for file names.
const CYRILLIC: Readonly<Record<string, string>> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

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
    .replace(/[а-яё]/g, (letter) => CYRILLIC[letter] ?? "")
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
