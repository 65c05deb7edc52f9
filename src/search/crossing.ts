import type { Language } from "../knowledge/types.js";
import type { AliasMatcher } from "./aliases.js";
import { type Token, tokenize, tokenizeQuestion } from "./analyze.js";
import { idf } from "./bm25.js";
import { type Concept, fuzzyTerms, termIdf, type WeightedTerm } from "./concepts.js";
import type { VocabularyMatcher } from "./fuzzy.js";
import type { InvertedIndex } from "./inverted-index.js";
import type { SearchOptions } from "./options.js";
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS, RUSSIAN_STOPWORDS } from "./stopwords.js";

/** A word of another language that translates a word, and how surely (1: the first sense). */
export interface Translation {
  readonly word: string;
  readonly weight: number;
}

/** Bilingual dictionaries and transliteration: what carries a question into another language. */
export interface Lexicon {
  /** Words of `to` that translate `word` (a surface word of `from`), best first. */
  translate(word: string, from: Language, to: Language): readonly Translation[];
  /** Latin spellings of a Cyrillic word (names and international words). */
  latinCandidates?(word: string): readonly string[];
  /** Cyrillic spellings of a Latin word. */
  cyrillicCandidates?(word: string): readonly string[];
  /** Dictionary words of a Chinese text, longest match first. */
  segmentChinese?(text: string): readonly string[];
}

/** What crossing needs from the target language's index. */
export interface CrossingTarget {
  readonly index: InvertedIndex;
  readonly vocabulary: VocabularyMatcher;
  readonly aliases: AliasMatcher;
  readonly options: SearchOptions;
}

function isStopword(word: string, language: Language): boolean {
  if (language === "en") return ENGLISH_STOPWORDS.has(word);
  if (language === "ru") return RUSSIAN_STOPWORDS.has(word);
  return CHINESE_STOPWORDS.has(word);
}

// English degrees and plural forms the stemmer keeps: deepest → deep, cities → city.
const ENGLISH_FORMS: readonly [RegExp, string][] = [
  [/iest$/, "y"],
  [/ier$/, "y"],
  [/ies$/, "y"],
  [/est$/, ""],
  [/er$/, ""],
  [/ied$/, "y"],
];

/** Translations of a word, or of its base form when the dictionary lacks the word as given. */
function translationsOf(
  word: string,
  from: Language,
  to: Language,
  lexicon: Lexicon | undefined,
): readonly Translation[] {
  const direct = lexicon?.translate(word, from, to) ?? [];
  if (direct.length || from !== "en" || !lexicon) return direct;
  for (const [ending, replacement] of ENGLISH_FORMS) {
    if (!ending.test(word)) continue;
    const base = lexicon.translate(word.replace(ending, replacement), from, to);
    if (base.length) return base;
  }
  return direct;
}

/** Index terms of a word or phrase of the target language (its analysed tokens). */
function termsOfText(text: string): string[] {
  return tokenize(text).flatMap((t) => (t.alt ? [t.term, t.alt] : [t.term]));
}

function addTerms(into: Map<string, number>, terms: readonly string[], weight: number): void {
  for (const term of terms) into.set(term, Math.max(into.get(term) ?? 0, weight));
}

/**
 * The words of a question, one per concept: question words and stopwords dropped; Chinese as
 * dictionary words (a bigram cannot be looked up) when the lexicon can segment.
 */
function questionWords(query: string, lexicon: Lexicon | undefined): Token[] {
  const tokens = tokenizeQuestion(query).filter((t) => t.script !== "han");
  const han = [...query.matchAll(/\p{Script=Han}+/gu)];
  if (!han.length) return tokens;
  for (const match of han) {
    const words = lexicon?.segmentChinese?.(match[0]) ?? [match[0]];
    let offset = match.index ?? 0;
    words.forEach((word, i) => {
      // 多 before a one-character adjective asks "how": 多深, 多长, 多高.
      const how = word === "多" && Array.from(words[i + 1] ?? "").length === 1;
      if (!CHINESE_STOPWORDS.has(word) && !how)
        tokens.push({ term: word, word, script: "han", start: offset, end: offset + word.length });
      offset += word.length;
    });
  }
  return tokens;
}

/**
 * Carries a question into another language as structured concepts: each word becomes one
 * concept whose terms are its translations, transliterations, and itself (names, numbers and
 * Latin words often stand unchanged), so a word with many translations counts once.
 */
export function crossConcepts(
  query: string,
  from: Language,
  to: Language,
  target: CrossingTarget,
  lexicon: Lexicon | undefined,
): Concept[] {
  const { index, aliases } = target;
  const maxIdf = idf(index.size, 0);
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const covered: [number, number][] = [];
  const fullTokens = tokenize(query);
  for (const occurrence of aliases.find(fullTokens)) {
    const term = `§${occurrence.group}`;
    const words = fullTokens.slice(occurrence.from, occurrence.to);
    covered.push([words[0]?.start ?? 0, words[words.length - 1]?.end ?? 0]);
    if (seen.has(term)) continue;
    seen.add(term);
    const known = index.postings.has(term);
    concepts.push({
      terms: [{ term, weight: 1 }],
      idf: known ? termIdf(index, term) : maxIdf,
      known,
      words,
      alias: occurrence.group,
    });
  }
  for (const token of questionWords(query, lexicon)) {
    if (covered.some(([start, end]) => token.start >= start && token.end <= end)) continue;
    if (seen.has(token.word)) continue;
    seen.add(token.word);
    const terms = new Map<string, number>();
    // Names, numbers and words in the target's own script stand as they are.
    addTerms(terms, termsOfText(token.word), 1);
    for (const translation of translationsOf(token.word, from, to, lexicon)) {
      // Function words ("what", "there") say nothing about a paragraph.
      if (isStopword(translation.word, to)) continue;
      addTerms(terms, termsOfText(translation.word), translation.weight);
    }
    // A name reached through English (贝加尔湖 → Baikal) is spelt in Cyrillic in Russian text.
    if (to === "ru" && from === "zh") {
      for (const english of lexicon?.translate(token.word, "zh", "en") ?? [])
        for (const spelling of lexicon?.cyrillicCandidates?.(english.word) ?? [])
          if (index.postings.has(tokenize(spelling)[0]?.term ?? ""))
            addTerms(terms, termsOfText(spelling), english.weight * 0.8);
    }
    // Inflected names are spelt from their stem too: «Волге» → volg → Volga.
    const forms = token.term === token.word ? [token.word] : [token.word, token.term];
    const spellings = forms.flatMap((form) =>
      token.script === "cyrillic" && to !== "ru"
        ? (lexicon?.latinCandidates?.(form) ?? [])
        : token.script === "latin" && to === "ru"
          ? (lexicon?.cyrillicCandidates?.(form) ?? [])
          : [],
    );
    for (const spelling of spellings) {
      const [spelled] = tokenize(spelling);
      if (!spelled) continue;
      if (index.postings.has(spelled.term)) addTerms(terms, [spelled.term], 0.9);
      else for (const t of fuzzyTerms(spelled, target)) addTerms(terms, [t.term], t.weight * 0.9);
    }
    const present: WeightedTerm[] = [...terms]
      .filter(([term]) => index.postings.has(term))
      .map(([term, weight]) => ({ term, weight }));
    const frequency = present.reduce((sum, t) => sum + index.postings.count(t.term), 0);
    concepts.push({
      terms: present,
      idf: present.length ? idf(index.size, Math.min(index.size, frequency)) : maxIdf,
      known: present.length > 0,
      words: [token],
      sharedIdf: true,
    });
  }
  return concepts;
}
