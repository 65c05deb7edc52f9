import { bm25, idf } from "./bm25.js";
import type { Concept } from "./concepts.js";
import type { InvertedIndex } from "./inverted-index.js";

/** A paragraph that shares something with the question, before confidence is known. */
export interface Candidate {
  readonly slot: number;
  /** BM25 over concepts (each concept's best term once). */
  readonly score: number;
  /** Sum of `concept.idf × match weight` over matched concepts. */
  readonly credit: number;
  /** Bit i set: concept i matched (the first 32 concepts). */
  readonly mask: number;
  /** The concepts any paragraph of the same document matched, as a mask. */
  documentMask: number;
}

/** Query-time accumulators, one set per index, reused by every query (the engine is synchronous). */
export interface Scratch {
  readonly scores: Float64Array;
  readonly credit: Float64Array;
  readonly masks: Uint32Array;
  /** Per document: the concepts any of its paragraphs matched. */
  readonly documentMasks: Uint32Array;
  readonly seen: Uint8Array;
  readonly touched: Int32Array;
  readonly conceptScore: Float64Array;
  readonly conceptWeight: Float64Array;
  readonly conceptStamp: Uint32Array;
  readonly conceptSlots: Int32Array;
  stamp: number;
}

export function newScratch(size: number, documents: number): Scratch {
  return {
    documentMasks: new Uint32Array(documents),
    scores: new Float64Array(size),
    credit: new Float64Array(size),
    masks: new Uint32Array(size),
    seen: new Uint8Array(size),
    touched: new Int32Array(size),
    conceptScore: new Float64Array(size),
    conceptWeight: new Float64Array(size),
    conceptStamp: new Uint32Array(size),
    conceptSlots: new Int32Array(size),
    stamp: 0,
  };
}

/**
 * Scores every eligible paragraph that matches a concept and keeps the `keep` best by score.
 * Only the slots touched by the query are visited and reset, so the cost follows the postings.
 */
export function scoreCandidates(
  concepts: readonly Concept[],
  index: InvertedIndex,
  s: Scratch,
  eligible: Uint8Array | undefined,
  documentOf: Int32Array,
  keep: number,
  k1: number,
  b: number,
): Candidate[] {
  let touchedCount = 0;
  concepts.forEach((concept, c) => {
    const stamp = ++s.stamp;
    let conceptCount = 0;
    for (const { term, weight } of concept.terms) {
      const postings = index.postings.get(term);
      if (!postings) continue;
      const termIdf = concept.sharedIdf ? concept.idf : idf(index.size, postings.slots.length);
      for (let i = 0; i < postings.slots.length; i++) {
        const slot = postings.slots[i] as number;
        if (eligible && eligible[slot] === 0) continue;
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
    const bit = c < 32 ? 2 ** c : 0;
    for (let i = 0; i < conceptCount; i++) {
      const slot = s.conceptSlots[i] as number;
      if (s.seen[slot] === 0) {
        s.seen[slot] = 1;
        s.touched[touchedCount++] = slot;
      }
      s.scores[slot] = (s.scores[slot] as number) + (s.conceptScore[slot] as number);
      s.credit[slot] = (s.credit[slot] as number) + (s.conceptWeight[slot] as number) * concept.idf;
      s.masks[slot] = ((s.masks[slot] as number) | bit) >>> 0;
    }
  });
  const best = new TopK(keep);
  // What each document matched as a whole: a question about a document's subject meets many
  // of its words somewhere in it; a question about something else meets a few by chance.
  const documentMasks = s.documentMasks;
  for (let i = 0; i < touchedCount; i++) {
    const slot = s.touched[i] as number;
    const document = documentOf[slot] as number;
    documentMasks[document] =
      ((documentMasks[document] as number) | (s.masks[slot] as number)) >>> 0;
    best.offer(slot, s.scores[slot] as number, s.credit[slot] as number, s.masks[slot] as number);
    s.scores[slot] = 0;
    s.credit[slot] = 0;
    s.masks[slot] = 0;
    s.seen[slot] = 0;
  }
  const sorted = best.sorted();
  for (const candidate of sorted)
    candidate.documentMask = documentMasks[documentOf[candidate.slot] as number] ?? 0;
  for (let i = 0; i < touchedCount; i++)
    documentMasks[documentOf[s.touched[i] as number] as number] = 0;
  return sorted;
}

/** The `size` highest-scoring candidates, kept in a min-heap (ties: the lower slot wins). */
class TopK {
  private readonly heap: Candidate[] = [];
  constructor(private readonly size: number) {}

  private static worse(a: Candidate, b: Candidate): boolean {
    return a.score < b.score || (a.score === b.score && a.slot > b.slot);
  }

  offer(slot: number, score: number, credit: number, mask: number): void {
    if (this.size <= 0) return;
    const heap = this.heap;
    if (heap.length === this.size) {
      const root = heap[0] as Candidate;
      if (!(root.score < score || (root.score === score && root.slot > slot))) return;
      heap[0] = { slot, score, credit, mask, documentMask: 0 };
      this.down(0);
      return;
    }
    heap.push({ slot, score, credit, mask, documentMask: 0 });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!TopK.worse(heap[i] as Candidate, heap[parent] as Candidate)) break;
      [heap[i], heap[parent]] = [heap[parent] as Candidate, heap[i] as Candidate];
      i = parent;
    }
  }

  private down(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && TopK.worse(heap[left] as Candidate, heap[smallest] as Candidate))
        smallest = left;
      if (right < heap.length && TopK.worse(heap[right] as Candidate, heap[smallest] as Candidate))
        smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest] as Candidate, heap[i] as Candidate];
      i = smallest;
    }
  }

  sorted(): Candidate[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.slot - b.slot);
  }
}
