import FlexSearch from "flexsearch";
import Fuse from "fuse.js";
import MiniSearch from "minisearch";
import { type KnowledgeBase, LANGUAGES, type Language, versionIn } from "../knowledge/types.js";
import { paragraphKey, type Ranking } from "./metrics.js";

/** A search engine under evaluation: ranked paragraph keys for a question searched in `language`. */
export interface Ranker {
  readonly name: string;
  rank(question: string, language: Language, limit: number): Ranking;
}

interface Entry {
  readonly id: number;
  readonly key: string;
  readonly text: string;
}

/** Paragraphs each language's question searches: the translation, or the original. */
function entriesByLanguage(knowledge: KnowledgeBase): Map<Language, Entry[]> {
  const byLanguage = new Map<Language, Entry[]>();
  for (const language of LANGUAGES) {
    const entries: Entry[] = [];
    for (const document of knowledge.documents) {
      versionIn(document, language).paragraphs.forEach((text, i) => {
        entries.push({ id: entries.length, key: paragraphKey(document.id, i + 1), text });
      });
    }
    byLanguage.set(language, entries);
  }
  return byLanguage;
}

/** Plain Fuse.js: whole paragraphs, the whole question as the pattern, default threshold. */
export function fuseRanker(knowledge: KnowledgeBase): Ranker {
  const fuses = new Map<Language, Fuse<Entry>>();
  for (const [language, entries] of entriesByLanguage(knowledge))
    fuses.set(language, new Fuse(entries, { keys: ["text"], ignoreLocation: true }));
  return {
    name: "fuse.js",
    rank: (question, language, limit) =>
      (fuses.get(language)?.search(question, { limit }) ?? []).map((r) => r.item.key),
  };
}

const wordSegmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** Words by Unicode word boundaries (ICU segments Chinese with its dictionary), lowercased. */
function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text))
    if (isWordLike) words.push(segment.toLowerCase());
  return words;
}

/** MiniSearch with its default ranking and options; words found by Unicode word boundaries. */
export function miniSearchRanker(knowledge: KnowledgeBase): Ranker {
  const indexes = new Map<Language, MiniSearch<Entry>>();
  for (const [language, entries] of entriesByLanguage(knowledge)) {
    const index = new MiniSearch<Entry>({
      fields: ["text"],
      storeFields: ["key"],
      tokenize: segmentWords,
    });
    index.addAll(entries);
    indexes.set(language, index);
  }
  return {
    name: "minisearch",
    rank: (question, language, limit) =>
      (indexes.get(language)?.search(question) ?? []).slice(0, limit).map((r) => String(r.key)),
  };
}

/**
 * FlexSearch with its default index options (whole-word matching, no context), searching with
 * suggestions;
 * words found by Unicode word boundaries, as for MiniSearch, so that Cyrillic and Chinese work.
 */
export function flexSearchRanker(knowledge: KnowledgeBase): Ranker {
  const indexes = new Map<
    Language,
    { index: InstanceType<typeof FlexSearch.Index>; keys: string[] }
  >();
  for (const [language, entries] of entriesByLanguage(knowledge)) {
    const index = new FlexSearch.Index({ encode: segmentWords });
    for (const entry of entries) index.add(entry.id, entry.text);
    indexes.set(language, { index, keys: entries.map((e) => e.key) });
  }
  return {
    name: "flexsearch",
    rank(question, language, limit) {
      const target = indexes.get(language);
      if (!target) return [];
      // Synchronous without a worker or a database; the union type covers those modes.
      // `suggest`: paragraphs that lack some of the question's words still count (by default
      // FlexSearch returns only paragraphs with every word, which a question rarely matches).
      const found = target.index.search(question, { limit, suggest: true });
      return Array.isArray(found) ? found.map((id) => target.keys[Number(id)] ?? "") : [];
    },
  };
}

const PLAIN_TOKEN = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;

/** Lowercased words, and overlapping character bigrams for Chinese (unigrams for one character). */
export function plainTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of text.toLowerCase().matchAll(PLAIN_TOKEN)) {
    if (!/\p{Script=Han}/u.test(run)) {
      tokens.push(run);
      continue;
    }
    const chars = Array.from(run);
    if (chars.length === 1) tokens.push(run);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(`${chars[i]}${chars[i + 1]}`);
  }
  return tokens;
}

/** Textbook BM25 (k1 1.2, b 0.75) over {@link plainTokens}: no stemming, stopwords or cut-off. */
export function plainBm25Ranker(knowledge: KnowledgeBase): Ranker {
  const indexes = new Map<Language, ReturnType<typeof buildPlain>>();
  for (const [language, entries] of entriesByLanguage(knowledge))
    indexes.set(language, buildPlain(entries));
  return {
    name: "plain bm25",
    rank(question, language, limit) {
      const index = indexes.get(language);
      if (!index) return [];
      const scores = new Map<number, number>();
      for (const term of new Set(plainTokens(question))) {
        const postings = index.postings.get(term);
        if (!postings) continue;
        const idf = Math.log(
          1 + (index.lengths.length - postings.size + 0.5) / (postings.size + 0.5),
        );
        for (const [id, tf] of postings) {
          const norm = tf + 1.2 * (0.25 + (0.75 * (index.lengths[id] ?? 0)) / index.average);
          scores.set(id, (scores.get(id) ?? 0) + (idf * tf * 2.2) / norm);
        }
      }
      return [...scores]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, limit)
        .map(([id]) => index.keys[id] ?? "");
    },
  };
}

function buildPlain(entries: readonly Entry[]) {
  const postings = new Map<string, Map<number, number>>();
  const lengths = entries.map(({ id, text }) => {
    const tokens = plainTokens(text);
    for (const token of tokens) {
      const list = postings.get(token) ?? new Map<number, number>();
      list.set(id, (list.get(id) ?? 0) + 1);
      postings.set(token, list);
    }
    return tokens.length;
  });
  const average = Math.max(1, lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length));
  return { postings, lengths, average, keys: entries.map((e) => e.key) };
}
