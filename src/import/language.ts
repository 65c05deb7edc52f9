import type { Language } from "../knowledge/types.js";

/** The language the text is written in, by script: Chinese characters, Cyrillic, else English. */
export function detectLanguage(paragraphs: readonly string[]): Language {
  const sample = paragraphs.join(" ").slice(0, 20_000);
  const han = (sample.match(/\p{Script=Han}/gu) ?? []).length;
  const cyrillic = (sample.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (sample.match(/\p{Script=Latin}/gu) ?? []).length;
  // A Chinese character carries about a word; weigh it against letters accordingly.
  if (han * 3 > cyrillic && han * 3 > latin) return "zh";
  if (cyrillic > latin) return "ru";
  return "en";
}
