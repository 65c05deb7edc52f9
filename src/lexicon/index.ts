/**
 * Bilingual lexicon and transliteration for crossing a question between English, Russian and
 * Chinese without a translation service. Self-contained: it reads data-lexicon/ and depends on
 * neither the search engine nor the bot.
 */
export type { WeightedWord } from "./gloss.js";
export {
  DEFAULT_LEXICON_DIRECTORY,
  Lexicon,
  loadLexicon,
  PIVOT_SHARE,
  STEM_MATCH_SHARE,
  TRANSLATION_LIMIT,
} from "./lexicon.js";
export { CYRILLIC_CANDIDATE_LIMIT, cyrillicCandidates, latinCandidates } from "./transliterate.js";
export { normalizeWord, stemWord } from "./words.js";
