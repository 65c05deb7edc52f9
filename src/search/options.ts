import type { Language } from "../knowledge/types.js";

/** How the search engine ranks and cuts off passages. */
export interface SearchOptions {
  /** BM25 term-frequency saturation. */
  readonly k1: number;
  /** BM25 length normalisation (0: none, 1: full). */
  readonly b: number;
  /**
   * The relevance cut-off, per searched language. A paragraph is shown when it contains at
   * least `minCoverage` (0–1) of the question's IDF-weighted terms, or when its BM25 score
   * reaches `minScore` with at least `minScoreCoverage` of them (a paraphrased question that
   * still matches a rare, telling word). Below both, the documents do not answer the question.
   * Calibrated on `test/eval/questions.jsonl` with `npm run eval -- --calibrate`.
   */
  readonly minCoverage: Readonly<Record<Language, number>>;
  readonly minScore: Readonly<Record<Language, number>>;
  readonly minScoreCoverage: number;
  /** Hits scoring below this share of the best hit's score are dropped as noise. */
  readonly minRelativeScore: number;
  /** Fuzzy matches (Fuse.js score, 0 = exact) worse than this are ignored. */
  readonly fuzzyThreshold: number;
  /** How many vocabulary words a misspelt term may expand to. */
  readonly fuzzyExpansions: number;
  /** Words shorter than this are never matched fuzzily (too many near neighbours). */
  readonly fuzzyMinLength: number;
  /** Default number of passages returned. */
  readonly limit: number;
  /** Most sentences a snippet takes from a paragraph. */
  readonly snippetSentences: number;
}

/** Defaults used when an option is not given. */
export const DEFAULT_SEARCH_OPTIONS: SearchOptions = Object.freeze({
  k1: 1.2,
  b: 0.75,
  minCoverage: Object.freeze({ en: 0.5, ru: 0.5, zh: 0.5 }),
  minScore: Object.freeze({ en: 3, ru: 3, zh: 3 }),
  minScoreCoverage: 0.15,
  minRelativeScore: 0.3,
  fuzzyThreshold: 0.34,
  fuzzyExpansions: 3,
  fuzzyMinLength: 4,
  limit: 5,
  snippetSentences: 2,
});
