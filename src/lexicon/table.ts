import type { WeightedWord } from "./gloss.js";

/**
 * One direction of a dictionary: a headword and its translations, best first. It is stored as
 * a tab-separated text file, one headword a line: `headword<TAB>word:weight word:weight …`,
 * with a third column holding the headword's Snowball stem when that differs from the headword
 * (stemming 140,000 headwords at every start would take most of a second).
 */
export type TranslationTable = ReadonlyMap<string, readonly WeightedWord[]>;

/** Writes one table line; words hold neither spaces, tabs nor colons. */
export function formatTableLine(
  headword: string,
  words: readonly WeightedWord[],
  stem: string = headword,
): string {
  const line = `${headword}\t${words.map(({ word, weight }) => `${word}:${weight}`).join(" ")}`;
  return stem === headword ? line : `${line}\t${stem}`;
}

/**
 * Reads the translations half of a table line (after the tab).
 * Throws a one-line error naming the file and line when the line is malformed.
 */
export function parseTranslations(text: string, where: string): WeightedWord[] {
  const words: WeightedWord[] = [];
  for (const item of text.split(" ")) {
    const colon = item.lastIndexOf(":");
    const weight = Number(item.slice(colon + 1));
    if (colon <= 0 || !Number.isFinite(weight)) {
      throw new Error(`${where}: expected word:weight, found "${item}"`);
    }
    words.push({ word: item.slice(0, colon), weight });
  }
  return words;
}

/**
 * Turns a table around (English→Chinese from Chinese→English): each target word lists the
 * headwords that offered it, at most `limit`. A headword ranks by the weight it gave the word
 * times its `popularity` (0–1, how common the headword is), so that "money" comes before
 * "pelf" for деньги; the best keeps the weight it gave, the others scale down with it.
 */
export function invertTable(
  table: TranslationTable,
  limit: number,
  popularity: (headword: string) => number = () => 1,
): Map<string, WeightedWord[]> {
  const offers = new Map<string, { word: string; weight: number; position: number }[]>();
  for (const [headword, words] of table) {
    words.forEach(({ word, weight }, position) => {
      let list = offers.get(word);
      if (!list) {
        list = [];
        offers.set(word, list);
      }
      list.push({ word: headword, weight: weight * popularity(headword), position });
    });
  }
  const inverted = new Map<string, WeightedWord[]>();
  for (const [word, list] of offers) {
    list.sort(
      (a, b) => b.weight - a.weight || a.position - b.position || a.word.length - b.word.length,
    );
    const top = list[0];
    // Popularity ranks; it should not lower the confidence of the best candidate itself.
    const lift =
      top && top.weight > 0
        ? (table.get(top.word)?.find((w) => w.word === word)?.weight ?? top.weight) / top.weight
        : 1;
    inverted.set(
      word,
      list.slice(0, limit).map(({ word: headword, weight }) => ({
        word: headword,
        weight: Math.round(Math.min(1, weight * lift) * 100) / 100,
      })),
    );
  }
  return inverted;
}
