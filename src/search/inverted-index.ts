import type { Token } from "./analyze.js";
import { tokenize } from "./analyze.js";

/** Postings of one term: paragraph slots and term frequencies, side by side. */
export interface Postings {
  readonly slots: Int32Array;
  readonly frequencies: Uint16Array;
}

/** An inverted index over a list of texts (the "slots"), with their vocabulary. */
export interface InvertedIndex {
  readonly size: number;
  readonly lengths: Uint32Array;
  readonly averageLength: number;
  readonly postings: ReadonlyMap<string, Postings>;
  /** Every normalised surface word (Latin and Cyrillic) with the terms it stems to. */
  readonly words: ReadonlyMap<string, readonly string[]>;
}

interface Building {
  slots: number[];
  frequencies: number[];
}

function termsOf(token: Token): string[] {
  return token.alt ? [token.term, token.alt] : [token.term];
}

/**
 * Builds the index. `extraTerms` adds terms per slot that are not in its text (the alias
 * group ids found in it).
 */
export function buildIndex(
  texts: readonly string[],
  extraTerms: (slot: number, tokens: readonly Token[]) => readonly string[] = () => [],
): InvertedIndex {
  const building = new Map<string, Building>();
  const words = new Map<string, string[]>();
  const lengths = new Uint32Array(texts.length);
  let total = 0;
  const counts = new Map<string, number>();
  texts.forEach((text, slot) => {
    const tokens = tokenize(text);
    counts.clear();
    for (const token of tokens) {
      for (const term of termsOf(token)) counts.set(term, (counts.get(term) ?? 0) + 1);
      if (token.script !== "han" && !words.has(token.word)) words.set(token.word, termsOf(token));
    }
    for (const term of extraTerms(slot, tokens)) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let entry = building.get(term);
      if (!entry) {
        entry = { slots: [], frequencies: [] };
        building.set(term, entry);
      }
      entry.slots.push(slot);
      entry.frequencies.push(Math.min(count, 65_535));
    }
    lengths[slot] = tokens.length;
    total += tokens.length;
  });
  const postings = new Map<string, Postings>();
  for (const [term, entry] of building) {
    postings.set(term, {
      slots: Int32Array.from(entry.slots),
      frequencies: Uint16Array.from(entry.frequencies),
    });
  }
  return {
    size: texts.length,
    lengths,
    averageLength: texts.length ? Math.max(1, total / texts.length) : 1,
    postings,
    words,
  };
}
