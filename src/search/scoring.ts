import { idf } from "./bm25.js";
import type { Concept } from "./concepts.js";
import type { InvertedIndex, Postings } from "./inverted-index.js";

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
  readonly seen: Uint8Array;
  readonly touched: Int32Array;
  readonly conceptScore: Float64Array;
  readonly conceptWeight: Float64Array;
  readonly conceptStamp: Uint32Array;
  readonly conceptSlots: Int32Array;
  stamp: number;
}

export function newScratch(size: number): Scratch {
  return {
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

/** What scoring needs from one language's index. */
export interface ScoringIndex {
  readonly index: InvertedIndex;
  readonly scratch: Scratch;
  /** Slot → its document. */
  readonly documentOf: Int32Array;
  /** Document → its first slot (documents + 1 entries): a document's slots are consecutive. */
  readonly documentStarts: Int32Array;
  /** Slot → BM25's length normalisation, k1·(1 − b + b·length/average), computed once. */
  readonly norms: Float64Array;
}

/** BM25's length normalisation of every slot, for {@link ScoringIndex.norms}. */
export function lengthNorms(index: InvertedIndex, k1: number, b: number): Float64Array {
  return Float64Array.from(
    index.lengths,
    (length) => k1 * (1 - b + (b * length) / index.averageLength),
  );
}

/** A concept's terms that the index has, with their IDF and the most any slot can score. */
interface ConceptPostings {
  readonly concept: Concept;
  /** Bit of the concept in candidate masks (the first 32 concepts). */
  readonly bit: number;
  readonly terms: readonly {
    readonly postings: Postings;
    readonly weight: number;
    readonly idf: number;
  }[];
  /** Upper bound of the concept's score in any slot: tf/(tf + norm) < 1. */
  readonly bound: number;
}

function conceptPostings(concepts: readonly Concept[], index: InvertedIndex, k1: number) {
  const found: ConceptPostings[] = [];
  concepts.forEach((concept, c) => {
    const terms: { postings: Postings; weight: number; idf: number }[] = [];
    let bound = 0;
    for (const { term, weight } of concept.terms) {
      const postings = index.postings.get(term);
      if (!postings) continue;
      const termIdf = concept.sharedIdf ? concept.idf : idf(index.size, postings.slots.length);
      terms.push({ postings, weight, idf: termIdf });
      // A hair above the true bound, so that rounding never prunes a paragraph that ties.
      bound = Math.max(bound, weight * termIdf * (k1 + 1) * (1 + 1e-9));
    }
    if (terms.length) found.push({ concept, bit: c < 32 ? 2 ** c : 0, terms, bound });
  });
  return found;
}

/**
 * Scores the eligible paragraphs that match the question's concepts and keeps the `keep` best
 * by score, exactly, without scoring every posting: concepts go rarest (highest bound) first,
 * and once the best `keep` partial scores are out of reach for any paragraph not yet seen
 * (their threshold exceeds what the remaining concepts can add: MaxScore), no new paragraph is
 * admitted, the ones that can no longer reach the threshold are dropped, and the remaining
 * concepts are looked up for the survivors alone, by binary search in their postings.
 */
export function scoreCandidates(
  concepts: readonly Concept[],
  target: ScoringIndex,
  eligible: Uint8Array | undefined,
  keep: number,
  k1: number,
): Candidate[] {
  const s = target.scratch;
  const order = conceptPostings(concepts, target.index, k1).sort((x, y) => y.bound - x.bound);
  const remaining = new Float64Array(order.length + 1);
  for (let i = order.length - 1; i >= 0; i--)
    remaining[i] = (remaining[i + 1] as number) + (order[i] as ConceptPostings).bound;
  let touchedCount = 0;
  let best = 0;
  let survivors: number[] | undefined;
  for (let i = 0; i < order.length; i++) {
    const entry = order[i] as ConceptPostings;
    if (survivors) {
      for (const slot of survivors) addToSlot(entry, slot, target, k1);
      survivors = prune(survivors, s, remaining[i + 1] as number, keep);
      continue;
    }
    const stamp = ++s.stamp;
    let conceptCount = 0;
    for (const { postings, weight, idf: termIdf } of entry.terms) {
      for (let p = 0; p < postings.slots.length; p++) {
        const slot = postings.slots[p] as number;
        if (eligible && eligible[slot] === 0) continue;
        const tf = postings.frequencies[p] as number;
        const score =
          weight * ((termIdf * (tf * (k1 + 1))) / (tf + (target.norms[slot] as number)));
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
    for (let j = 0; j < conceptCount; j++) {
      const slot = s.conceptSlots[j] as number;
      if (s.seen[slot] === 0) {
        s.seen[slot] = 1;
        s.touched[touchedCount++] = slot;
      }
      const total = (s.scores[slot] as number) + (s.conceptScore[slot] as number);
      s.scores[slot] = total;
      if (total > best) best = total;
      s.credit[slot] =
        (s.credit[slot] as number) + (s.conceptWeight[slot] as number) * entry.concept.idf;
      s.masks[slot] = ((s.masks[slot] as number) | entry.bit) >>> 0;
    }
    // Partial scores only grow, so the keep-th best partial score is a floor under the final
    // keep-th best: a paragraph not seen yet cannot beat it when the rest cannot add enough.
    const rest = remaining[i + 1] as number;
    if (i + 1 < order.length && touchedCount >= keep && rest < best) {
      const threshold = kthBest(s, s.touched.subarray(0, touchedCount), keep);
      if (rest < threshold)
        survivors = prune(Array.from(s.touched.subarray(0, touchedCount)), s, rest, keep);
    }
  }
  const top = new TopK(keep);
  for (const slot of survivors ?? s.touched.subarray(0, touchedCount))
    top.offer(slot, s.scores[slot] as number, s.credit[slot] as number, s.masks[slot] as number);
  for (let i = 0; i < touchedCount; i++) {
    const slot = s.touched[i] as number;
    s.scores[slot] = 0;
    s.credit[slot] = 0;
    s.masks[slot] = 0;
    s.seen[slot] = 0;
  }
  const sorted = top.sorted();
  for (const candidate of sorted)
    candidate.documentMask = documentMask(order, candidate.slot, target);
  return sorted;
}

/** Adds one concept's score to a surviving slot, with the same rule as the postings pass. */
function addToSlot(entry: ConceptPostings, slot: number, target: ScoringIndex, k1: number): void {
  const s = target.scratch;
  let conceptScore = -1;
  let conceptWeight = 0;
  for (const { postings, weight, idf: termIdf } of entry.terms) {
    const p = find(postings.slots, slot, 0, postings.slots.length);
    if (p < 0) continue;
    const tf = postings.frequencies[p] as number;
    const score = weight * ((termIdf * (tf * (k1 + 1))) / (tf + (target.norms[slot] as number)));
    if (conceptScore < 0) {
      conceptScore = score;
      conceptWeight = weight;
    } else if (score > conceptScore) {
      conceptScore = score;
      conceptWeight = Math.max(weight, conceptWeight);
    }
  }
  if (conceptScore < 0) return;
  s.scores[slot] = (s.scores[slot] as number) + conceptScore;
  s.credit[slot] = (s.credit[slot] as number) + conceptWeight * entry.concept.idf;
  s.masks[slot] = ((s.masks[slot] as number) | entry.bit) >>> 0;
}

/** The slots that can still reach the keep-th best score with `rest` more. */
function prune(slots: readonly number[], s: Scratch, rest: number, keep: number): number[] {
  if (slots.length <= keep) return [...slots];
  const threshold = kthBest(s, slots, keep);
  return slots.filter((slot) => (s.scores[slot] as number) + rest >= threshold);
}

/** The keep-th highest partial score among `slots` (they number at least `keep`). */
function kthBest(s: Scratch, slots: ArrayLike<number>, keep: number): number {
  const heap = new Float64Array(keep);
  let size = 0;
  for (let i = 0; i < slots.length; i++) {
    const score = s.scores[slots[i] as number] as number;
    if (size < keep) {
      let j = size++;
      heap[j] = score;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if ((heap[parent] as number) <= (heap[j] as number)) break;
        [heap[parent], heap[j]] = [heap[j] as number, heap[parent] as number];
        j = parent;
      }
    } else if (score > (heap[0] as number)) {
      heap[0] = score;
      let j = 0;
      for (;;) {
        const left = 2 * j + 1;
        const right = left + 1;
        let smallest = j;
        if (left < keep && (heap[left] as number) < (heap[smallest] as number)) smallest = left;
        if (right < keep && (heap[right] as number) < (heap[smallest] as number)) smallest = right;
        if (smallest === j) break;
        [heap[smallest], heap[j]] = [heap[j] as number, heap[smallest] as number];
        j = smallest;
      }
    }
  }
  return heap[0] as number;
}

/** Position of `slot` in sorted `slots` within [from, to), or −1. */
function find(slots: Int32Array, slot: number, from: number, to: number): number {
  const at = lowerBound(slots, slot, from, to);
  return at < to && slots[at] === slot ? at : -1;
}

function lowerBound(slots: Int32Array, value: number, from: number, to: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((slots[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The concepts any paragraph of the slot's document matched: a question about a document's
 * subject meets many of its words somewhere in it; a question about something else meets a
 * few by chance. Looked up in the postings for the few final candidates only.
 */
function documentMask(
  order: readonly ConceptPostings[],
  slot: number,
  target: ScoringIndex,
): number {
  const document = target.documentOf[slot] as number;
  const start = target.documentStarts[document] as number;
  const end = target.documentStarts[document + 1] as number;
  let mask = 0;
  for (const entry of order) {
    if (entry.bit === 0) continue;
    for (const { postings } of entry.terms) {
      const at = lowerBound(postings.slots, start, 0, postings.slots.length);
      if (at < postings.slots.length && (postings.slots[at] as number) < end) {
        mask = (mask | entry.bit) >>> 0;
        break;
      }
    }
  }
  return mask;
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
