import Fuse from "fuse.js";

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

/**
 * Finds vocabulary words close to a misspelt or differently transliterated one.
 * A trigram index narrows the vocabulary to a few candidates (so the cost does not grow with
 * the corpus), and Fuse.js scores them: that is where it is strong, short strings with errors.
 */
export class VocabularyMatcher {
  private readonly byTrigram = new Map<string, number[]>();
  private readonly vocabulary: string[];
  private readonly sorted: string[];

  constructor(words: Iterable<string>) {
    this.vocabulary = [...words];
    this.sorted = [...this.vocabulary].sort();
    this.vocabulary.forEach((word, id) => {
      for (const gram of new Set(trigrams(word))) {
        let list = this.byTrigram.get(gram);
        if (!list) {
          list = [];
          this.byTrigram.set(gram, list);
        }
        list.push(id);
      }
    });
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
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.sorted[middle] ?? "") < prefix) low = middle + 1;
      else high = middle;
    }
    const matches: FuzzyMatch[] = [];
    for (let i = low; i < this.sorted.length && matches.length < limit * 4; i++) {
      const candidate = this.sorted[i] ?? "";
      if (!candidate.startsWith(prefix)) break;
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
      for (const id of this.byTrigram.get(gram) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const length = Array.from(word).length;
    // Edits destroy up to three trigrams each; keep words that still share a good part.
    const needed = Math.max(2, Math.ceil(grams.length * 0.35));
    const candidates: { word: string; count: number }[] = [];
    for (const [id, count] of shared) {
      if (count < needed) continue;
      const candidate = this.vocabulary[id] ?? "";
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
