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
  "quantityMissing",
  "crossed",
  "russian",
  "chinese",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Readonly<Record<FeatureName, number>>;

// Questions that ask for a quantity (their answer is a number), and those that ask for a time
// or a length (their answer usually is one).
const ASKS_FOR_QUANTITY =
  /(?<!\p{L})(how (many|much)|what (year|percentage|percent|share|proportion)|in which year|сколько|в как(ом|ие) год\p{L}*|какой процент|какая доля)(?!\p{L})|多少|几[个位名年次家座]|哪一?年|百分之几|占比/iu;
const ASKS_FOR_TIME =
  /(?<!\p{L})(when|how (long|old|far|often)|what date|когда|как(ого|им) числа|как долго|как часто)(?!\p{L})|何时|什么时候|多久|多长|多远/iu;
const NUMBER =
  /\p{N}|(?<!\p{L})(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|twice|first|second|third|один|одна|одно|одного|одной|одному|одним|два|две|двух|двум|двумя|три|трёх|трех|тремя|четыре|четырёх|четырех|пять|пяти|шесть|шести|семь|семи|восемь|восьми|девять|девяти|десять|десяти|двадцат\p{L}*|тридцат\p{L}*|сорок\p{L}*|сто|ста|сотни|тысяч\p{L}*|миллион\p{L}*|миллиард\p{L}*|половин\p{L}*|дважды|перв\p{L}*|втор\p{L}*|трет\p{L}*)(?!\p{L})|[一二两三四五六七八九十百千万亿半]/iu;

/** Whether a question asks for a quantity, a year or a share: its answer is a number. */
export function asksForQuantity(question: string): boolean {
  return ASKS_FOR_QUANTITY.test(question);
}

/** Whether a question asks for a number of any kind (a quantity, or a date or a duration). */
export function asksForNumber(question: string): boolean {
  return ASKS_FOR_QUANTITY.test(question) || ASKS_FOR_TIME.test(question);
}

/** What the features of a question's candidates are computed from. */
export interface FeatureInput {
  /** The question wants a number (a quantity, a date), so a passage without one hardly answers. */
  readonly wantsNumber: boolean;
  /** The question wants a quantity: a passage without a number cannot answer it. */
  readonly wantsQuantity: boolean;
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
  /** Whether the best-matching sentence has a number in it (for questions that want one). */
  readonly numberInBest: boolean;
}

const PHRASE_GAP = 3;

/** Term → mask of the concepts (the first 32) it expresses; built once per question. */
export function conceptMasks(concepts: readonly Concept[]): Map<string, number> {
  const masks = new Map<string, number>();
  concepts.forEach((concept, c) => {
    if (c >= 32) return;
    for (const { term } of concept.terms)
      masks.set(term, ((masks.get(term) ?? 0) | (2 ** c)) >>> 0);
  });
  return masks;
}

function bitCount(mask: number): number {
  let n = mask >>> 0;
  let count = 0;
  while (n) {
    n &= n - 1;
    count++;
  }
  return count;
}

function maskWeight(mask: number, concepts: readonly Concept[]): number {
  let weight = 0;
  for (let c = 0; c < Math.min(32, concepts.length); c++)
    if (mask & (2 ** c)) weight += concepts[c]?.idf ?? 0;
  return weight;
}

/** {@link Proximity} of a paragraph's matches of the question's concepts. */
export function proximityOf(
  text: string,
  concepts: readonly Concept[],
  masks: ReadonlyMap<string, number>,
  aliases: AliasMatcher,
  totalIdf: number,
): Proximity {
  if (totalIdf <= 0) return { sentence: 0, phrase: 0, numberInBest: false };
  const tokens = tokenize(text);
  const starts = sentenceStarts(text);
  // Tokens come in text order: walk the sentence starts alongside them.
  const sentenceMasks = new Uint32Array(starts.length);
  let sentence = 0;
  let phrases = 0;
  const recent = [0, 0, 0];
  tokens.forEach((token, i) => {
    while (sentence + 1 < starts.length && (starts[sentence + 1] as number) <= token.start)
      sentence++;
    const found =
      ((masks.get(token.term) ?? 0) | (token.alt ? (masks.get(token.alt) ?? 0) : 0)) >>> 0;
    const near = ((recent[0] as number) | (recent[1] as number) | (recent[2] as number)) >>> 0;
    // Concept c found here with concept c − 1 among the last words: a phrase of the question.
    phrases = (phrases | (found & (near << 1))) >>> 0;
    sentenceMasks[sentence] = ((sentenceMasks[sentence] as number) | found) >>> 0;
    recent[i % PHRASE_GAP] = found;
  });
  if (concepts.some((c) => c.alias !== undefined)) {
    let at = 0;
    for (const occurrence of aliases.find(tokens)) {
      const mask = masks.get(aliasTerm(occurrence.group)) ?? 0;
      const start = tokens[occurrence.from]?.start ?? 0;
      at = 0;
      while (at + 1 < starts.length && (starts[at + 1] as number) <= start) at++;
      sentenceMasks[at] = ((sentenceMasks[at] as number) | mask) >>> 0;
    }
  }
  let best = 0;
  let bestSentence = 0;
  sentenceMasks.forEach((mask, i) => {
    const weight = mask ? maskWeight(mask, concepts) : 0;
    if (weight > best) {
      best = weight;
      bestSentence = i;
    }
  });
  const sentenceText = text.slice(
    starts[bestSentence] ?? 0,
    starts[bestSentence + 1] ?? text.length,
  );
  return {
    sentence: Math.min(1, best / totalIdf),
    phrase: concepts.length > 1 ? bitCount(phrases) / (concepts.length - 1) : 0,
    numberInBest: NUMBER.test(sentenceText),
  };
}

/** The features of each candidate, in the candidates' order. */
export function featuresOf(input: FeatureInput): Features[] {
  const { concepts, candidates, index } = input;
  const totalIdf = concepts.reduce((sum, c) => sum + c.idf, 0);
  const maxIdf = idf(index.size, 0) || 1;
  const unknownIdf = concepts.reduce((sum, c) => sum + (c.known ? 0 : c.idf), 0);
  const top = candidates[0]?.score ?? 0;
  const masks = conceptMasks(concepts);
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
    const proximity = proximityOf(input.texts[i] ?? "", concepts, masks, input.aliases, totalIdf);
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
      numberMissing: input.wantsNumber && !proximity.numberInBest ? 1 : 0,
      quantityMissing: input.wantsQuantity && !proximity.numberInBest ? 1 : 0,
      crossed: input.crossed ? 1 : 0,
      russian: input.language === "ru" ? 1 : 0,
      chinese: input.language === "zh" ? 1 : 0,
    };
  });
}
