import { createRequire } from "node:module";
import type { Language } from "../knowledge/types.js";

const require = createRequire(import.meta.url);
const snowball = require("snowball-stemmers") as {
  newStemmer(language: string): { stem(word: string): string };
};

const english = snowball.newStemmer("english");
const russian = snowball.newStemmer("russian");

const COMBINING = /\p{M}/gu;

/**
 * Brings a word to the form the lexicon keys and returns: lowercased, accents dropped from Latin,
 * ё read as е (Russian texts use them interchangeably), Chinese left as written.
 */
export function normalizeWord(word: string, language: Language): string {
  const trimmed = word.trim();
  if (language === "ru") return trimmed.normalize("NFKC").toLowerCase().replaceAll("ё", "е");
  if (language === "en") {
    return trimmed.normalize("NFKD").replace(COMBINING, "").toLowerCase().replace(/['’]/g, "");
  }
  return trimmed.normalize("NFKC");
}

/**
 * The Snowball stem of a normalised English or Russian word; Chinese words are their own stem.
 * Lookups fall back to it so that inflected forms (валюты, currencies) meet their headword.
 */
export function stemWord(word: string, language: Language): string {
  if (language === "en") return english.stem(word);
  if (language === "ru") return russian.stem(word);
  return word;
}
