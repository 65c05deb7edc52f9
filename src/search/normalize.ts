// Invisible and control characters that users paste in or that break words apart.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Removes invisible and control characters from user input; keeps ordinary white space. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, "");
}

const COMBINING = /\p{M}/gu;

/** Normalises a Latin-script word: full-width forms folded, accents dropped, lowercased. */
export function normalizeLatin(word: string): string {
  return word
    .normalize("NFKD")
    .replace(COMBINING, "")
    .toLowerCase()
    .replace(/['’]s$/, "")
    .replace(/['’]/g, "");
}

/** Normalises a Cyrillic word: lowercased, ё read as е (Russian texts use them interchangeably). */
export function normalizeCyrillic(word: string): string {
  return word.normalize("NFKC").toLowerCase().replaceAll("ё", "е");
}
