import type { Language } from "../knowledge/types.js";
import { type AliasMatcher, aliasTerm } from "./aliases.js";
import { tokenize } from "./analyze.js";
import { idf } from "./bm25.js";
import type { Concept } from "./concepts.js";
import type { InvertedIndex } from "./inverted-index.js";
import type { Candidate } from "./scoring.js";

/**
 * What tells an answer from a near miss, each scaled to about [0, 1] so that the same weights
 * hold for a knowledge base of 18 paragraphs or of 100,000.
 */
export const FEATURE_NAMES = [
  "coverage",
  "documentCoverage",
  "matchedShare",
  "sentence",
  "phrase",
  "score",
  "relativeToTop",
  "unknown",
  "unmatchedRare",
  "matchedRare",
  "concepts",
  "numberMissing",
  "crossed",
  "russian",
  "chinese",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Readonly<Record<FeatureName, number>>;

// Questions that ask for a quantity or a date: their answer has a number in it.
const ASKS_FOR_NUMBER =
  /(?<!\p{L})(how (many|much|long|old|far|often)|what (year|date|percentage|percent)|in which year|when|сколько|когда|в как(ом|ие) год\p{L}*|какого числа|какой процент)(?!\p{L})|多少|几|何时|哪一?年|什么时候|百分之/iu;
const NUMBER =
  /\p{N}|(?<!\p{L})(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|один|одна|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|сто|тысяч[аи]?|миллион\p{L}*|миллиард\p{L}*)(?!\p{L})|[一二三四五六七八九十百千万亿]/iu;

/** Whether a question asks for a number (a quantity, a year, a share). */
export function asksForNumber(question: string): boolean {
  return ASKS_FOR_NUMBER.test(question);
}

/** What the features of a question's candidates are computed from. */
export interface FeatureInput {
  /** The question wants a number, so a paragraph without one cannot answer it. */
  readonly wantsNumber: boolean;
  readonly concepts: readonly Concept[];
  readonly candidates: readonly Candidate[];
  readonly texts: readonly string[];
  readonly index: InvertedIndex;
  readonly aliases: AliasMatcher;
  /** The question was carried over to another language than its own. */
  readonly crossed: boolean;
  /** The language of the searched paragraphs (analysis differs: stems, bigrams). */
  readonly language: Language;
}

// Ends of sentences in the three languages; a matched term counts for the sentence it is in.
const SENTENCE_END = /[.!?。！？；;…]+["»”'’)\]]*\s*|\n+/g;

function sentenceStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = (match.index ?? 0) + match[0].length;
    if (end < text.length) starts.push(end);
  }
  return starts;
}

/** How closely a paragraph's matches sit together. */
export interface Proximity {
  /**
   * The largest share of the question's weight that one sentence matches: terms that sit
   * together answer the question more surely than terms scattered across a paragraph.
   */
  readonly sentence: number;
  /**
   * Share of the question's neighbouring concepts that stand near each other in the text too
   * (within three words): a phrase of the question met as a phrase.
   */
  readonly phrase: number;
}

const PHRASE_GAP = 3;

/** {@link Proximity} of a paragraph's matches of the question's concepts. */
export function proximityOf(
  text: string,
  concepts: readonly Concept[],
  aliases: AliasMatcher,
  totalIdf: number,
): Proximity {
  if (totalIdf <= 0) return { sentence: 0, phrase: 0 };
  const conceptsOfTerm = new Map<string, number[]>();
  concepts.forEach((concept, c) => {
    for (const { term } of concept.terms) {
      const list = conceptsOfTerm.get(term) ?? [];
      list.push(c);
      conceptsOfTerm.set(term, list);
    }
  });
  const tokens = tokenize(text);
  const starts = sentenceStarts(text);
  const sentenceOf = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const matched = new Map<number, Set<number>>();
  const mark = (sentence: number, concept: number) => {
    const set = matched.get(sentence) ?? new Set<number>();
    set.add(concept);
    matched.set(sentence, set);
  };
  const phrases = new Set<number>();
  const recent: (readonly number[])[] = [];
  for (const token of tokens) {
    const found = [
      ...(conceptsOfTerm.get(token.term) ?? []),
      ...(token.alt ? (conceptsOfTerm.get(token.alt) ?? []) : []),
    ];
    for (const c of found) {
      mark(sentenceOf(token.start), c);
      if (recent.some((before) => before.includes(c - 1))) phrases.add(c - 1);
    }
    recent.push(found);
    if (recent.length > PHRASE_GAP) recent.shift();
  }
  if (concepts.some((c) => c.alias !== undefined)) {
    for (const occurrence of aliases.find(tokens)) {
      for (const c of conceptsOfTerm.get(aliasTerm(occurrence.group)) ?? [])
        mark(sentenceOf(tokens[occurrence.from]?.start ?? 0), c);
    }
  }
  let best = 0;
  for (const set of matched.values()) {
    let weight = 0;
    for (const c of set) weight += concepts[c]?.idf ?? 0;
    best = Math.max(best, weight);
  }
  return {
    sentence: Math.min(1, best / totalIdf),
    phrase: concepts.length > 1 ? phrases.size / (concepts.length - 1) : 0,
  };
}

/** The features of each candidate, in the candidates' order. */
export function featuresOf(input: FeatureInput): Features[] {
  const { concepts, candidates, index } = input;
  const totalIdf = concepts.reduce((sum, c) => sum + c.idf, 0);
  const maxIdf = idf(index.size, 0) || 1;
  const unknownIdf = concepts.reduce((sum, c) => sum + (c.known ? 0 : c.idf), 0);
  const top = candidates[0]?.score ?? 0;
  return candidates.map((candidate, i) => {
    let matchedRare = 0;
    let unmatchedRare = 0;
    let matchedCount = 0;
    let documentCredit = 0;
    concepts.forEach((concept, c) => {
      const bit = c < 32 ? 2 ** c : 0;
      if ((candidate.mask & bit) !== 0) {
        matchedRare = Math.max(matchedRare, concept.idf);
        matchedCount++;
      } else unmatchedRare = Math.max(unmatchedRare, concept.idf);
      if ((candidate.documentMask & bit) !== 0) documentCredit += concept.idf;
    });
    const proximity = proximityOf(input.texts[i] ?? "", concepts, input.aliases, totalIdf);
    return {
      coverage: totalIdf ? candidate.credit / totalIdf : 0,
      documentCoverage: totalIdf ? documentCredit / totalIdf : 0,
      matchedShare: concepts.length ? matchedCount / concepts.length : 0,
      sentence: proximity.sentence,
      phrase: proximity.phrase,
      score: totalIdf ? Math.min(2, candidate.score / totalIdf) : 0,
      relativeToTop: top ? candidate.score / top : 0,
      unknown: totalIdf ? unknownIdf / totalIdf : 0,
      unmatchedRare: unmatchedRare / maxIdf,
      matchedRare: matchedRare / maxIdf,
      concepts: Math.log1p(concepts.length) / Math.log(32),
      numberMissing: input.wantsNumber && !NUMBER.test(input.texts[i] ?? "") ? 1 : 0,
      crossed: input.crossed ? 1 : 0,
      russian: input.language === "ru" ? 1 : 0,
      chinese: input.language === "zh" ? 1 : 0,
    };
  });
}
