import {
  type KnowledgeBase,
  type KnowledgeDocument,
  LANGUAGES,
  type Language,
  originalVersion,
} from "../knowledge/types.js";
import { loadThesaurus, type Thesaurus } from "../lexicon/thesaurus.js";
import { AliasMatcher } from "./aliases.js";
import { buildIndexesOf, type PackedLanguage } from "./build.js";
import { type Concept, conceptsOf } from "./concepts.js";
import { type ConfidenceModel, confidenceOf, shippedModel } from "./confidence.js";
import { crossConcepts, type Lexicon } from "./crossing.js";
import { asksForNumber, asksForQuantity, type Features, featuresOf } from "./features.js";
import type { VocabularyMatcher } from "./fuzzy.js";
import { type InvertedIndex, openIndex } from "./inverted-index.js";
import { detectLanguage } from "./language.js";
import { stripInvisible } from "./normalize.js";
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from "./options.js";
import { newScratch, type Scratch, scoreCandidates } from "./scoring.js";
import { buildSnippet, type Snippet } from "./snippet.js";

/** A paragraph found for a question. */
export interface Passage {
  readonly document: KnowledgeDocument;
  /** 1-based paragraph number, the same in every language of the document. */
  readonly paragraph: number;
  /** BM25 relevance; comparable only among passages of one language. */
  readonly score: number;
  /** Share (0–1) of the question's weighted terms the paragraph contains. */
  readonly coverage: number;
  /**
   * Probability (0–1) that the paragraph answers the question, from a model trained on
   * labelled questions; comparable across languages and knowledge bases.
   */
  readonly confidence: number;
  /**
   * `confidence` reaches the engine's `confidentAt` (`crossedConfidentAt` across languages):
   * shown as an answer, not as a guess.
   */
  readonly confident: boolean;
  /** Language of `text`: the question's language, or the one the question was carried to. */
  readonly language: Language;
  /** Whether the question had to cross into `language` (no version in its own). */
  readonly crossed: boolean;
  readonly text: string;
  /** The same paragraph, verbatim, in the document's original language. */
  readonly source: string;
  readonly sourceLanguage: Language;
  /** Best-matching sentence(s) of `text` with the matched spans. */
  readonly snippet: Snippet;
  /** What the confidence was computed from. */
  readonly features: Features;
}

/**
 * How a question was answered: confident passages; only the closest passage, which may not
 * answer it; or nothing in the documents.
 */
export type Outcome = "answered" | "closest" | "none";

/** The answer to one question. */
export interface SearchResult {
  readonly query: string;
  /** The question's language: forced by the caller or detected from its script. */
  readonly language: Language;
  readonly outcome: Outcome;
  /** Best first: the confident passages, or the one closest passage, or none. */
  readonly passages: readonly Passage[];
  /** Confident passages beyond `offset + limit`. */
  readonly more: number;
}

/** Per-call options of {@link SearchEngine.findPassages}. */
export interface FindOptions {
  /** The question's language, instead of the one detected from its script. */
  readonly language?: Language;
  readonly limit?: number;
  /** Skip this many passages (for "more results"). */
  readonly offset?: number;
  /** Return the best passages whatever their confidence (for evaluation). */
  readonly all?: boolean;
}

interface LanguageIndex {
  readonly language: Language;
  readonly index: InvertedIndex;
  readonly vocabulary: VocabularyMatcher;
  readonly scratch: Scratch;
  /** Slot → index of its document. */
  readonly documentOf: Int32Array;
  /** Slot → 0-based paragraph number in its document. */
  readonly paragraphOf: Int32Array;
  /** Per question language: which slots it searches here (undefined: all of them). */
  readonly eligible: ReadonlyMap<Language, Uint8Array | undefined>;
}

/** A scored paragraph of one index, before the passages are assembled. */
interface Scored {
  readonly target: LanguageIndex;
  readonly concepts: readonly Concept[];
  readonly slot: number;
  readonly score: number;
  readonly coverage: number;
  readonly features: Features;
  readonly confidence: number;
}

let thesaurus: Thesaurus | undefined;

/** The shipped thesaurus, read once per process (1.4 MB). */
function shippedThesaurus(): Thesaurus {
  thesaurus ??= loadThesaurus();
  return thesaurus;
}

/**
 * The language a document is searched in for a question in `language`: its own version if it
 * has one; otherwise English (every dictionary goes through English), else its original.
 */
export function searchLanguage(document: KnowledgeDocument, language: Language): Language {
  if (document.versions[language]) return language;
  if (document.versions.en) return "en";
  return document.originalLanguage;
}

/**
 * Finds the paragraphs that answer a question in English, Russian or Chinese, in documents of
 * any of the three languages. Each document is indexed once per language it has. Ranking is
 * BM25 over concepts (stemmed words, Chinese bigrams, alias groups, fuzzy stand-ins); a
 * question about a document without a version in its language is carried over with the
 * lexicon. Every passage gets a calibrated confidence from a logistic model over features
 * that hold at any corpus size.
 */
export class SearchEngine {
  readonly options: SearchOptions;
  private readonly documents: readonly KnowledgeDocument[];
  private readonly aliases: AliasMatcher;
  private readonly indexes: readonly LanguageIndex[];
  private readonly model: ConfidenceModel;
  private readonly lexicon: Lexicon | undefined;
  private readonly thesaurus: Thesaurus | null;

  constructor(
    knowledge: KnowledgeBase,
    options: Partial<SearchOptions> = {},
    extras: {
      readonly lexicon?: Lexicon | undefined;
      readonly model?: ConfidenceModel;
      /** Synonyms for English questions; the shipped WordNet table unless given (null: none). */
      readonly thesaurus?: Thesaurus | null;
      /** Indexes built elsewhere (another thread, the disk cache) for exactly this knowledge. */
      readonly prebuilt?: readonly PackedLanguage[];
    } = {},
  ) {
    this.options = { ...DEFAULT_SEARCH_OPTIONS, ...options };
    this.documents = knowledge.documents;
    this.aliases = new AliasMatcher(knowledge.aliases);
    this.model = extras.model ?? shippedModel();
    this.lexicon = extras.lexicon;
    this.thesaurus = extras.thesaurus === undefined ? shippedThesaurus() : extras.thesaurus;
    const packed = extras.prebuilt ?? buildIndexesOf(knowledge);
    this.indexes = packed.map((p) => this.openLanguageIndex(p));
  }

  private openLanguageIndex({ language, index: packed }: PackedLanguage): LanguageIndex {
    const { index, vocabulary } = openIndex(packed);
    const documentOf = new Int32Array(index.size);
    const paragraphOf = new Int32Array(index.size);
    // A document's paragraphs are consecutive slots: ranges, not a pass over every paragraph.
    const starts: number[] = [];
    let slot = 0;
    this.documents.forEach((document, d) => {
      starts.push(slot);
      const count = document.versions[language]?.paragraphs.length ?? 0;
      documentOf.fill(d, slot, slot + count);
      for (let p = 0; p < count; p++) paragraphOf[slot + p] = p;
      slot += count;
    });
    starts.push(slot);
    if (slot !== index.size)
      throw new Error(
        `the ${language} index has ${index.size} paragraphs, the knowledge ${slot}: it was built for other knowledge`,
      );
    const eligible = new Map<Language, Uint8Array | undefined>();
    for (const asked of LANGUAGES) {
      const searched = this.documents.flatMap((document, d) =>
        searchLanguage(document, asked) === language ? [d] : [],
      );
      const count = searched.reduce(
        (sum, d) => sum + (starts[d + 1] as number) - (starts[d] as number),
        0,
      );
      if (count === 0) continue;
      if (count === slot) {
        eligible.set(asked, undefined);
        continue;
      }
      const mask = new Uint8Array(slot);
      for (const d of searched) mask.fill(1, starts[d], starts[d + 1]);
      eligible.set(asked, mask);
    }
    return {
      language,
      index,
      documentOf,
      paragraphOf,
      vocabulary,
      scratch: newScratch(index.size, this.documents.length),
      eligible,
    };
  }

  /** The text of a slot of `target`. */
  private textOf(target: LanguageIndex, slot: number): string {
    const document = this.documents[target.documentOf[slot] as number];
    return (
      document?.versions[target.language]?.paragraphs[target.paragraphOf[slot] as number] ?? ""
    );
  }

  /**
   * Ranks the paragraphs that answer `question`, most confident first. Never throws on any
   * input string.
   */
  findPassages(question: string, options: FindOptions = {}): SearchResult {
    const query = stripInvisible(question).trim();
    const language = options.language ?? detectLanguage(query);
    const limit = Math.max(0, options.limit ?? this.options.limit);
    const offset = Math.max(0, options.offset ?? 0);
    if (!query) return { query, language, outcome: "none", passages: [], more: 0 };

    const keep = Math.max(this.options.candidates, offset + limit);
    const scored = this.indexes
      .filter((target) => target.eligible.has(language))
      .flatMap((target) => this.scoreIn(target, query, language, keep));
    scored.sort((a, b) => b.confidence - a.confidence || b.score - a.score);

    const confident = scored.filter((s) => this.isConfident(s));
    const best = scored[0];
    let outcome: Outcome = "none";
    if (confident.length) outcome = "answered";
    else if (best && best.confidence >= this.options.plausibleAt) outcome = "closest";
    const shown = options.all
      ? scored
      : outcome === "answered"
        ? confident
        : outcome === "closest" && best
          ? [best]
          : [];
    const page = shown.slice(offset, offset + limit);
    return {
      query,
      language,
      outcome,
      passages: page.map((s) => this.passageOf(s, language)),
      more: Math.max(0, (outcome === "answered" ? confident.length : 0) - offset - limit),
    };
  }

  private scoreIn(target: LanguageIndex, query: string, asked: Language, keep: number): Scored[] {
    const crossed = target.language !== asked;
    const concepts = crossed
      ? crossConcepts(query, asked, target.language, this.conceptSource(target), this.lexicon)
      : conceptsOf(query, this.conceptSource(target));
    const totalIdf = concepts.reduce((sum, c) => sum + c.idf, 0);
    if (totalIdf === 0) return [];
    const candidates = scoreCandidates(
      concepts,
      target.index,
      target.scratch,
      target.eligible.get(asked),
      target.documentOf,
      keep,
      this.options.k1,
      this.options.b,
    );
    const features = featuresOf({
      concepts,
      candidates,
      texts: candidates.map((c) => this.textOf(target, c.slot)),
      index: target.index,
      aliases: this.aliases,
      crossed,
      language: target.language,
      wantsNumber: asksForNumber(query),
      wantsQuantity: asksForQuantity(query),
    });
    return candidates.map((candidate, i) => {
      const f = features[i] as Features;
      return {
        target,
        concepts,
        slot: candidate.slot,
        score: candidate.score,
        coverage: f.coverage,
        features: f,
        confidence: confidenceOf(this.model, f),
      };
    });
  }

  private conceptSource(target: LanguageIndex) {
    return {
      index: target.index,
      vocabulary: target.vocabulary,
      aliases: this.aliases,
      options: this.options,
      thesaurus: this.thesaurus ?? undefined,
    };
  }

  private isConfident(scored: Scored): boolean {
    // A question that asks for a quantity is not answered by a passage whose best-matching
    // sentence has no number in it, however well its words match.
    if (scored.features.quantityMissing === 1) return false;
    const crossed = scored.features.crossed === 1;
    return (
      scored.confidence >= (crossed ? this.options.crossedConfidentAt : this.options.confidentAt)
    );
  }

  private passageOf(scored: Scored, asked: Language): Passage {
    const { target } = scored;
    const d = target.documentOf[scored.slot] as number;
    const p = target.paragraphOf[scored.slot] as number;
    const document = this.documents[d] as KnowledgeDocument;
    const original = originalVersion(document);
    const text = this.textOf(target, scored.slot);
    return {
      document,
      paragraph: p + 1,
      score: scored.score,
      coverage: scored.coverage,
      confidence: scored.confidence,
      confident: this.isConfident(scored),
      language: target.language,
      crossed: target.language !== asked,
      text,
      source: original.paragraphs[p] ?? "",
      sourceLanguage: original.language,
      snippet: buildSnippet(
        text,
        target.language,
        matchedTerms(scored.concepts),
        this.aliases,
        this.options.snippetSentences,
      ),
      features: scored.features,
    };
  }
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
