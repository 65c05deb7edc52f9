import { type AliasMatcher, aliasTerm } from "./aliases.js";
import { type Token, tokenize, tokenizeQuestion } from "./analyze.js";
import { idf } from "./bm25.js";
import type { VocabularyMatcher } from "./fuzzy.js";
import type { InvertedIndex } from "./inverted-index.js";
import type { SearchOptions } from "./options.js";

/** An index term that expresses a concept, with how surely it does (1: exactly). */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

/**
 * One idea of the question (a word, or an alias name), with the index terms that express it.
 * A paragraph earns the best of a concept's terms once, not their sum (Pirkola's structured
 * queries): a word with many spellings or translations does not outweigh a word with one.
 */
export interface Concept {
  readonly terms: readonly WeightedTerm[];
  /** How much the concept counts (the IDF of its best term; the maximum when it is unknown). */
  readonly idf: number;
  /** Whether some term of the concept occurs in the index exactly (not by fuzzy matching). */
  readonly known: boolean;
  /** The question's words behind the concept (for crossing to another language). */
  readonly words: readonly Token[];
  /** The alias group it names, if any. */
  readonly alias?: number;
  /**
   * Score every term with the concept's IDF rather than its own: the translations of one word
   * are one term whose document frequency is that of all of them together (Pirkola), so a
   * rare mistranslation does not outweigh the common right one.
   */
  readonly sharedIdf?: boolean;
}

/** What turning a question into concepts needs from one language's index. */
export interface ConceptSource {
  readonly index: InvertedIndex;
  readonly vocabulary: VocabularyMatcher;
  readonly aliases: AliasMatcher;
  readonly options: SearchOptions;
}

/** The IDF a term would have in `index` (the maximum for an unseen term). */
export function termIdf(index: InvertedIndex, term: string): number {
  return idf(index.size, index.postings.count(term));
}

/** Turns a question into concepts: alias names, words, and fuzzy stand-ins for unknown words. */
export function conceptsOf(query: string, source: ConceptSource): Concept[] {
  const { index, aliases } = source;
  const maxIdf = idf(index.size, 0);
  const concepts: Concept[] = [];
  const seen = new Set<string>();

  const fullTokens = tokenize(query);
  const covered: [number, number][] = [];
  for (const occurrence of aliases.find(fullTokens)) {
    const group = aliasTerm(occurrence.group);
    const words = fullTokens.slice(occurrence.from, occurrence.to);
    covered.push([words[0]?.start ?? 0, words[words.length - 1]?.end ?? 0]);
    if (seen.has(group)) continue;
    seen.add(group);
    const terms = [{ term: group, weight: 1 }];
    for (const token of words)
      if (index.postings.has(token.term)) terms.push({ term: token.term, weight: 1 });
    const present = terms.filter((t) => index.postings.has(t.term));
    concepts.push({
      terms,
      idf: present.length ? Math.max(...present.map((t) => termIdf(index, t.term))) : maxIdf,
      known: present.length > 0,
      words,
      alias: occurrence.group,
    });
  }

  for (const token of tokenizeQuestion(query)) {
    if (covered.some(([start, end]) => token.start >= start && token.end <= end)) continue;
    const key = token.alt ?? token.term;
    if (seen.has(key)) continue;
    seen.add(key);
    const exact = [token.term, ...(token.alt ? [token.alt] : [])].filter((t) =>
      index.postings.has(t),
    );
    if (exact.length) {
      concepts.push({
        terms: exact.map((term) => ({ term, weight: 1 })),
        idf: Math.max(...exact.map((t) => termIdf(index, t))),
        known: true,
        words: [token],
      });
      continue;
    }
    concepts.push({ terms: fuzzyTerms(token, source), idf: maxIdf, known: false, words: [token] });
  }
  return concepts;
}

/** Vocabulary words close to a misspelt or differently derived word, as index terms. */
export function fuzzyTerms(token: Token, source: ConceptSource): WeightedTerm[] {
  const { options, vocabulary, index } = source;
  if (token.script === "han" || Array.from(token.word).length < options.fuzzyMinLength) return [];
  const terms = new Map<string, number>();
  const { fuzzyExpansions: limit, fuzzyThreshold, fuzzyMinLength } = options;
  const add = (word: string, similarity: number, accept: (term: string) => boolean) => {
    for (const term of index.words.get(word) ?? [])
      if (accept(term)) terms.set(term, Math.max(terms.get(term) ?? 0, similarity));
  };
  for (const match of vocabulary.match(token.word, limit, fuzzyThreshold))
    add(match.word, match.similarity, () => true);
  // Another derivation of the same root shares its stem, not just its first letters:
  // «должность» must not meet «должны», nor «стоимость» «сто».
  for (const match of vocabulary.prefixMatch(token.word, limit, Math.max(5, fuzzyMinLength)))
    add(match.word, match.similarity, (term) => sameRoot(token.term, term));
  return [...terms].map(([term, weight]) => ({ term, weight }));
}

/**
 * Whether two stems are derivations of one root: one extends the other, and the shorter keeps
 * at least four fifths of the longer question stem.
 */
export function sameRoot(questionStem: string, candidateStem: string): boolean {
  if (candidateStem.startsWith(questionStem)) return true;
  return (
    questionStem.startsWith(candidateStem) && candidateStem.length >= 0.8 * questionStem.length
  );
}
