import Fuse from "fuse.js";
import type { PackedStrings } from "./inverted-index.js";
import { StringTable } from "./string-table.js";

/** A vocabulary word close to a misspelt one, with a similarity from 0 to 1. */
export interface FuzzyMatch {
  readonly word: string;
  readonly similarity: number;
}

// Fuse.js scores at most this many candidates a word, keeping the cost flat as the corpus grows.
const MAX_CANDIDATES = 200;

function trigrams(word: string): string[] {
  const padded = ` ${word} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

/** The fuzzy matcher's arrays: the vocabulary in sorted order and its trigram postings. */
export interface PackedVocabulary {
  /** Word ids in code-unit order, for prefix search. */
  readonly sorted: Int32Array;
  readonly trigrams: PackedStrings;
  /** Trigram id → range of `trigramWords` (CSR). */
  readonly trigramOffsets: Uint32Array;
  readonly trigramWords: Int32Array;
}

/** Builds the matcher's arrays for a vocabulary (word ids are positions in `words`). */
export function packVocabulary(words: readonly string[]): PackedVocabulary {
  const sorted = Int32Array.from(words.keys()).sort((a, b) => {
    const x = words[a] ?? "";
    const y = words[b] ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const byTrigram = new Map<string, number[]>();
  words.forEach((word, id) => {
    for (const gram of new Set(trigrams(word))) {
      let list = byTrigram.get(gram);
      if (!list) {
        list = [];
        byTrigram.set(gram, list);
      }
      list.push(id);
    }
  });
  const grams = [...byTrigram.keys()];
  const trigramOffsets = new Uint32Array(grams.length + 1);
  let total = 0;
  grams.forEach((gram, id) => {
    trigramOffsets[id] = total;
    total += byTrigram.get(gram)?.length ?? 0;
  });
  trigramOffsets[grams.length] = total;
  const trigramWords = new Int32Array(total);
  grams.forEach((gram, id) => {
    trigramWords.set(byTrigram.get(gram) ?? [], trigramOffsets[id]);
  });
  const table = StringTable.from(grams);
  return {
    sorted,
    trigrams: { chars: table.chars, starts: table.starts, table: table.table },
    trigramOffsets,
    trigramWords,
  };
}

/** A matcher over a vocabulary table and its packed arrays (no copy). */
export function openVocabulary(words: StringTable, packed: PackedVocabulary): VocabularyMatcher {
  const { chars, starts, table } = packed.trigrams;
  return new VocabularyMatcher(
    words,
    packed.sorted,
    new StringTable(chars, starts, table),
    packed.trigramOffsets,
    packed.trigramWords,
  );
}

/**
 * Finds vocabulary words close to a misspelt or differently transliterated one.
 * A trigram index narrows the vocabulary to a few candidates (so the cost does not grow with
 * the corpus), and Fuse.js scores them: that is where it is strong, short strings with errors.
 * Everything it holds is typed arrays, built once with the index.
 */
export class VocabularyMatcher {
  constructor(
    private readonly words: StringTable,
    private readonly sorted: Int32Array,
    private readonly trigrams: StringTable,
    private readonly trigramOffsets: Uint32Array,
    private readonly trigramWords: Int32Array,
  ) {}

  /** A matcher over a list of words (for tests and small vocabularies). */
  static of(words: Iterable<string>): VocabularyMatcher {
    const list = [...new Set(words)];
    return openVocabulary(StringTable.from(list), packVocabulary(list));
  }

  /**
   * Words that share a long prefix with `word`: other derivations of the same root that the
   * stemmer keeps apart (определяются / определить, settle / settlement). Similarity is the
   * share of the longer word that the prefix covers.
   */
  prefixMatch(word: string, limit: number, minPrefix: number): FuzzyMatch[] {
    const chars = Array.from(word);
    const length = Math.max(minPrefix, Math.floor(chars.length * 0.55));
    if (chars.length < length) return [];
    const prefix = chars.slice(0, length).join("");
    const { sorted, words } = this;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (words.compare(sorted[middle] as number, prefix) < 0) low = middle + 1;
      else high = middle;
    }
    const matches: FuzzyMatch[] = [];
    for (let i = low; i < sorted.length && matches.length < limit * 4; i++) {
      const id = sorted[i] as number;
      if (!words.startsWith(id, prefix)) break;
      const candidate = words.at(id);
      if (candidate === word) continue;
      const longer = Math.max(chars.length, Array.from(candidate).length);
      matches.push({ word: candidate, similarity: length / longer });
    }
    return matches.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }

  /** Up to `limit` words whose Fuse.js score is at most `threshold` (0 = identical). */
  match(word: string, limit: number, threshold: number): FuzzyMatch[] {
    const grams = [...new Set(trigrams(word))];
    const shared = new Map<number, number>();
    for (const gram of grams) {
      const gramId = this.trigrams.id(gram);
      if (gramId === -1) continue;
      const end = this.trigramOffsets[gramId + 1] as number;
      for (let i = this.trigramOffsets[gramId] as number; i < end; i++) {
        const id = this.trigramWords[i] as number;
        shared.set(id, (shared.get(id) ?? 0) + 1);
      }
    }
    const length = Array.from(word).length;
    // Edits destroy up to three trigrams each; keep words that still share a good part.
    const needed = Math.max(2, Math.ceil(grams.length * 0.35));
    const candidates: { word: string; count: number }[] = [];
    for (const [id, count] of shared) {
      if (count < needed) continue;
      // Code units first: most candidates fail on length without being decoded.
      if (Math.abs(this.words.lengthOf(id) - word.length) > Math.max(2, length * 0.34) + 2)
        continue;
      const candidate = this.words.at(id);
      if (candidate === word) continue;
      if (Math.abs(Array.from(candidate).length - length) > Math.max(2, length * 0.34)) continue;
      candidates.push({ word: candidate, count });
    }
    if (candidates.length === 0) return [];
    candidates.sort((a, b) => b.count - a.count);
    const best = candidates.slice(0, MAX_CANDIDATES).map((c) => c.word);
    const fuse = new Fuse(best, {
      includeScore: true,
      ignoreLocation: true,
      threshold,
      isCaseSensitive: true,
    });
    return fuse
      .search(word, { limit })
      .map((result) => {
        const candidateLength = Array.from(result.item).length;
        const lengthRatio = Math.min(candidateLength, length) / Math.max(candidateLength, length);
        return {
          word: result.item,
          similarity: (1 - (result.score ?? 1)) * (0.5 + 0.5 * lengthRatio),
        };
      })
      .filter((m) => m.similarity > 0);
  }
}
