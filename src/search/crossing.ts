import type { Language } from "../knowledge/types.js";
import type { AliasMatcher } from "./aliases.js";
import { type Token, tokenize, tokenizeQuestion } from "./analyze.js";
import { idf } from "./bm25.js";
import { type Concept, fuzzyTerms, termIdf, type WeightedTerm } from "./concepts.js";
import type { VocabularyMatcher } from "./fuzzy.js";
import type { InvertedIndex } from "./inverted-index.js";
import type { SearchOptions } from "./options.js";

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
    for (const word of words) {
      tokens.push({ term: word, word, script: "han", start: offset, end: offset + word.length });
      offset += word.length;
    }
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
    for (const translation of lexicon?.translate(token.word, from, to) ?? []) {
      addTerms(terms, termsOfText(translation.word), translation.weight);
      // A name reached through English (贝加尔湖 → Baikal) is spelt in Cyrillic in Russian text.
      if (to === "ru" && /^[a-z]/.test(translation.word))
        for (const spelling of lexicon?.cyrillicCandidates?.(translation.word) ?? [])
          addTerms(terms, termsOfText(spelling), translation.weight * 0.8);
    }
    const spellings =
      token.script === "cyrillic" && to !== "ru"
        ? (lexicon?.latinCandidates?.(token.word) ?? [])
        : token.script === "latin" && to === "ru"
          ? (lexicon?.cyrillicCandidates?.(token.word) ?? [])
          : [];
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
