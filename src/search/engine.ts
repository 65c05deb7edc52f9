import {
  type KnowledgeBase,
  type KnowledgeDocument,
  LANGUAGES,
  type Language,
  originalVersion,
  versionIn,
} from "../knowledge/types.js";
import { AliasMatcher, aliasTerm } from "./aliases.js";
import { type Token, tokenize, tokenizeQuestion } from "./analyze.js";
import { bm25, idf } from "./bm25.js";
import { VocabularyMatcher } from "./fuzzy.js";
import { buildIndex, type InvertedIndex } from "./inverted-index.js";
import { detectLanguage } from "./language.js";
import { stripInvisible } from "./normalize.js";
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from "./options.js";
import { buildSnippet, type Snippet } from "./snippet.js";

/** A paragraph that answers the question. */
export interface Passage {
  readonly document: KnowledgeDocument;
  /** 1-based paragraph number, the same in every language of the document. */
  readonly paragraph: number;
  /** BM25 relevance; comparable only within one result. */
  readonly score: number;
  /** Share (0–1) of the question's weighted terms the paragraph contains. */
  readonly coverage: number;
  /** Language of `text`: the searched language, or the original where no translation exists. */
  readonly language: Language;
  readonly text: string;
  /** The same paragraph, verbatim, in the document's original language. */
  readonly source: string;
  readonly sourceLanguage: Language;
  /** Best-matching sentence(s) of `text` with the matched spans. */
  readonly snippet: Snippet;
}

/** The answer to one question. */
export interface SearchResult {
  readonly query: string;
  /** The language searched: forced by the caller or detected from the question. */
  readonly language: Language;
  /** Best first; empty when nothing in the documents answers the question. */
  readonly passages: readonly Passage[];
  /** Passages beyond `offset + limit` that also passed the cut-off. */
  readonly more: number;
}

/** Per-call options of {@link SearchEngine.findPassages}. */
export interface FindOptions {
  /** Search this language's paragraphs instead of the question's detected language. */
  readonly language?: Language;
  readonly limit?: number;
  /** Skip this many passages (for "more results"). */
  readonly offset?: number;
}

interface Slot {
  readonly document: number;
  readonly paragraph: number;
}

interface LanguageIndex {
  readonly index: InvertedIndex;
  readonly slots: readonly Slot[];
  readonly vocabulary: VocabularyMatcher;
  /** Query-time accumulators, reused by every query (the engine is synchronous). */
  readonly scratch: Scratch;
}

/** One idea of the question: a word, or an alias name, with the index terms that express it. */
interface Concept {
  readonly terms: readonly { readonly term: string; readonly weight: number }[];
  /** How much the concept counts towards coverage (the IDF of its best term). */
  readonly idf: number;
}

/**
 * Finds the paragraphs that answer a question, in English, Russian or Chinese.
 * Ranking is BM25 over stemmed terms (character bigrams for Chinese); misspelt words are
 * matched against the vocabulary with Fuse.js; alias groups from the knowledge base connect
 * spellings and languages; a coverage cut-off rejects questions the documents do not answer.
 */
export class SearchEngine {
  readonly options: SearchOptions;
  private readonly documents: readonly KnowledgeDocument[];
  private readonly aliases: AliasMatcher;
  private readonly indexes: ReadonlyMap<Language, LanguageIndex>;

  constructor(knowledge: KnowledgeBase, options: Partial<SearchOptions> = {}) {
    this.options = { ...DEFAULT_SEARCH_OPTIONS, ...options };
    this.documents = knowledge.documents;
    this.aliases = new AliasMatcher(knowledge.aliases);
    const indexes = new Map<Language, LanguageIndex>();
    for (const language of LANGUAGES) indexes.set(language, this.buildLanguageIndex(language));
    this.indexes = indexes;
  }

  private buildLanguageIndex(language: Language): LanguageIndex {
    const slots: Slot[] = [];
    const texts: string[] = [];
    this.documents.forEach((document, d) => {
      versionIn(document, language).paragraphs.forEach((text, p) => {
        slots.push({ document: d, paragraph: p });
        texts.push(text);
      });
    });
    const index = buildIndex(texts, (_slot, tokens) =>
      [...new Set(this.aliases.find(tokens).map((o) => o.group))].map(aliasTerm),
    );
    return {
      index,
      slots,
      vocabulary: new VocabularyMatcher(index.words.keys()),
      scratch: newScratch(index.size),
    };
  }

  /**
   * Ranks the paragraphs that answer `question`, best first. An empty `passages` list means
   * that nothing in the documents is relevant. Never throws on any input string.
   */
  findPassages(question: string, options: FindOptions = {}): SearchResult {
    const query = stripInvisible(question).trim();
    const language = options.language ?? detectLanguage(query);
    const limit = Math.max(0, options.limit ?? this.options.limit);
    const offset = Math.max(0, options.offset ?? 0);
    const target = this.indexes.get(language);
    if (!query || !target || target.index.size === 0)
      return { query, language, passages: [], more: 0 };

    const concepts = this.conceptsOf(query, target);
    const ranked = this.rank(concepts, target, language);
    const page = ranked.slice(offset, offset + limit);
    const matched = matchedTerms(concepts);
    const passages = page.map(({ slot, score, coverage }) => {
      const { document: d, paragraph: p } = target.slots[slot] as Slot;
      const document = this.documents[d] as KnowledgeDocument;
      const version = versionIn(document, language);
      const original = originalVersion(document);
      const text = version.paragraphs[p] ?? "";
      return {
        document,
        paragraph: p + 1,
        score,
        coverage,
        language: version.language,
        text,
        source: original.paragraphs[p] ?? "",
        sourceLanguage: original.language,
        snippet: buildSnippet(
          text,
          version.language,
          matched,
          this.aliases,
          this.options.snippetSentences,
        ),
      };
    });
    return { query, language, passages, more: Math.max(0, ranked.length - offset - limit) };
  }

  /** Turns the question into concepts: alias names, words, and fuzzy stand-ins for unknown words. */
  private conceptsOf(query: string, target: LanguageIndex): Concept[] {
    const { index } = target;
    const maxIdf = idf(index.size, 0);
    const termIdf = (term: string) => idf(index.size, index.postings.count(term));
    const concepts: Concept[] = [];
    const seen = new Set<string>();

    const fullTokens = tokenize(query);
    const covered: [number, number][] = [];
    for (const occurrence of this.aliases.find(fullTokens)) {
      const group = aliasTerm(occurrence.group);
      const first = fullTokens[occurrence.from] as Token;
      const last = fullTokens[occurrence.to - 1] as Token;
      covered.push([first.start, last.end]);
      if (seen.has(group)) continue;
      seen.add(group);
      const terms = [{ term: group, weight: 1 }];
      for (const token of fullTokens.slice(occurrence.from, occurrence.to)) {
        if (index.postings.has(token.term)) terms.push({ term: token.term, weight: 1 });
      }
      const present = terms.filter((t) => index.postings.has(t.term));
      concepts.push({
        terms,
        idf: present.length ? Math.max(...present.map((t) => termIdf(t.term))) : maxIdf,
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
          idf: Math.max(...exact.map(termIdf)),
        });
        continue;
      }
      concepts.push({ terms: this.fuzzyTerms(token, target), idf: maxIdf });
    }
    return concepts;
  }

  private fuzzyTerms(
    token: Token,
    { index, vocabulary }: LanguageIndex,
  ): { term: string; weight: number }[] {
    if (token.script === "han" || Array.from(token.word).length < this.options.fuzzyMinLength)
      return [];
    const terms = new Map<string, number>();
    const { fuzzyExpansions: limit, fuzzyThreshold, fuzzyMinLength } = this.options;
    const matches = [
      ...vocabulary.match(token.word, limit, fuzzyThreshold),
      ...vocabulary.prefixMatch(token.word, limit, Math.max(5, fuzzyMinLength)),
    ];
    for (const match of matches) {
      for (const term of index.words.get(match.word) ?? []) {
        terms.set(term, Math.max(terms.get(term) ?? 0, match.similarity));
      }
    }
    return [...terms].map(([term, weight]) => ({ term, weight }));
  }

  /** Scores every paragraph that shares a term with the question and applies the cut-offs. */
  private rank(concepts: readonly Concept[], target: LanguageIndex, language: Language) {
    const { index } = target;
    const { k1, b } = this.options;
    const totalIdf = concepts.reduce((sum, c) => sum + c.idf, 0);
    if (totalIdf === 0) return [];
    // Dense per-slot accumulators, reused across queries (the engine is synchronous); only the
    // slots touched by this query are visited and reset.
    const s = target.scratch;
    let touchedCount = 0;
    for (const concept of concepts) {
      // Several terms may express one concept (a name and its aliases, fuzzy candidates):
      // a paragraph earns the best of them once, not their sum.
      const stamp = ++s.stamp;
      let conceptCount = 0;
      for (const { term, weight } of concept.terms) {
        const postings = index.postings.get(term);
        if (!postings) continue;
        const termIdf = idf(index.size, postings.slots.length);
        for (let i = 0; i < postings.slots.length; i++) {
          const slot = postings.slots[i] as number;
          const tf = postings.frequencies[i] as number;
          const score =
            weight * bm25(tf, index.lengths[slot] as number, index.averageLength, termIdf, k1, b);
          if (s.conceptStamp[slot] !== stamp) {
            s.conceptStamp[slot] = stamp;
            s.conceptScore[slot] = score;
            s.conceptWeight[slot] = weight;
            s.conceptSlots[conceptCount++] = slot;
          } else if (score > (s.conceptScore[slot] as number)) {
            s.conceptScore[slot] = score;
            s.conceptWeight[slot] = Math.max(weight, s.conceptWeight[slot] as number);
          }
        }
      }
      for (let i = 0; i < conceptCount; i++) {
        const slot = s.conceptSlots[i] as number;
        if (s.matched[slot] === 0) s.touched[touchedCount++] = slot;
        s.scores[slot] = (s.scores[slot] as number) + (s.conceptScore[slot] as number);
        s.credit[slot] =
          (s.credit[slot] as number) + (s.conceptWeight[slot] as number) * concept.idf;
        s.matched[slot] = (s.matched[slot] as number) + 1;
      }
    }
    const minCoverage = this.options.minCoverage[language];
    const minScore = this.options.minScore[language];
    const { minScoreCoverage } = this.options;
    // One word out of several is no evidence: the score path needs two matched concepts.
    const enoughConcepts = Math.min(2, concepts.length);
    const ranked: { slot: number; score: number; coverage: number }[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const slot = s.touched[i] as number;
      const score = s.scores[slot] as number;
      const coverage = (s.credit[slot] as number) / totalIdf;
      if (
        coverage >= minCoverage ||
        (score >= minScore &&
          coverage >= minScoreCoverage &&
          (s.matched[slot] as number) >= enoughConcepts)
      ) {
        ranked.push({ slot, score, coverage });
      }
      s.scores[slot] = 0;
      s.credit[slot] = 0;
      s.matched[slot] = 0;
    }
    ranked.sort((x, y) => y.score - x.score || x.slot - y.slot);
    const top = ranked[0]?.score ?? 0;
    return ranked.filter((hit) => hit.score >= top * this.options.minRelativeScore);
  }
}

interface Scratch {
  readonly scores: Float64Array;
  readonly credit: Float64Array;
  readonly matched: Uint16Array;
  readonly touched: Int32Array;
  readonly conceptScore: Float64Array;
  readonly conceptWeight: Float64Array;
  readonly conceptStamp: Uint32Array;
  readonly conceptSlots: Int32Array;
  stamp: number;
}

function newScratch(size: number): Scratch {
  return {
    scores: new Float64Array(size),
    credit: new Float64Array(size),
    matched: new Uint16Array(size),
    touched: new Int32Array(size),
    conceptScore: new Float64Array(size),
    conceptWeight: new Float64Array(size),
    conceptStamp: new Uint32Array(size),
    conceptSlots: new Int32Array(size),
    stamp: 0,
  };
}

function matchedTerms(concepts: readonly Concept[]): Map<string, number> {
  const matched = new Map<string, number>();
  for (const concept of concepts) {
    for (const { term, weight } of concept.terms) {
      matched.set(term, Math.max(matched.get(term) ?? 0, concept.idf * weight));
    }
  }
  return matched;
}
