/** How the search engine ranks passages and decides how sure it is. */
export interface SearchOptions {
  /** BM25 term-frequency saturation. */
  readonly k1: number;
  /** BM25 length normalisation (0: none, 1: full). */
  readonly b: number;
  /**
   * A passage whose confidence (the model's probability that it answers the question)
   * reaches this is shown as an answer.
   */
  readonly confidentAt: number;
  /**
   * The same for a passage the question reached across languages: its words are dictionary
   * translations, wrong senses included, so an off-topic question matches more by chance and
   * the bar is higher (set on the development sets to keep 95% of off-topic questions out).
   */
  readonly crossedConfidentAt: number;
  /**
   * Below `confidentAt` but at least this, the best passage is shown as the closest one,
   * labelled as possibly not answering; below it, the documents do not answer the question.
   */
  readonly plausibleAt: number;
  /** Paragraphs per searched language whose confidence is computed (the rest cannot win). */
  readonly candidates: number;
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
  confidentAt: 0.3,
  crossedConfidentAt: 0.5,
  plausibleAt: 0.15,
  candidates: 8,
  fuzzyThreshold: 0.34,
  fuzzyExpansions: 3,
  fuzzyMinLength: 4,
  limit: 5,
  snippetSentences: 2,
});
