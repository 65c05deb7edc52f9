import type { Token } from "./analyze.js";
import { tokenize } from "./analyze.js";

/** Postings of one term: paragraph slots and term frequencies, side by side. */
export interface Postings {
  readonly slots: Int32Array;
  readonly frequencies: Uint16Array;
}

/** Term → postings, stored as one flat array for all terms (CSR), not two typed arrays per term. */
export class PostingsTable {
  constructor(
    private readonly ids: ReadonlyMap<string, number>,
    private readonly offsets: Uint32Array,
    private readonly slots: Int32Array,
    private readonly frequencies: Uint16Array,
  ) {}

  get size(): number {
    return this.ids.size;
  }

  has(term: string): boolean {
    return this.ids.has(term);
  }

  /** Views into the shared arrays (allocated per call: call it per query term, not per slot). */
  get(term: string): Postings | undefined {
    const id = this.ids.get(term);
    if (id === undefined) return undefined;
    const start = this.offsets[id] as number;
    const end = this.offsets[id + 1] as number;
    return {
      slots: this.slots.subarray(start, end),
      frequencies: this.frequencies.subarray(start, end),
    };
  }

  /** Document frequency without allocating views. */
  count(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : (this.offsets[id + 1] as number) - (this.offsets[id] as number);
  }
}

/** An inverted index over a list of texts (the "slots"), with their vocabulary. */
export interface InvertedIndex {
  readonly size: number;
  readonly lengths: Uint32Array;
  readonly averageLength: number;
  readonly postings: PostingsTable;
  /** Every normalised surface word (Latin and Cyrillic) with the terms it stems to. */
  readonly words: ReadonlyMap<string, readonly string[]>;
}

function grow<T extends Int32Array | Uint16Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  let length = array.length;
  while (length < needed) length *= 2;
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * Builds the index. `extraTerms` adds terms per slot that are not in its text (the alias
 * group ids found in it).
 */
export function buildIndex(
  texts: readonly string[],
  extraTerms: (slot: number, tokens: readonly Token[]) => readonly string[] = () => [],
): InvertedIndex {
  const ids = new Map<string, number>();
  const words = new Map<string, string[]>();
  const lengths = new Uint32Array(texts.length);
  // Postings in slot order: (term id, slot, frequency) triples, grouped by term at the end.
  let postingTerm = new Int32Array(1 << 16);
  let postingSlot = new Int32Array(1 << 16);
  let postingFrequency = new Uint16Array(1 << 16);
  let count = 0;
  // Per term id: the posting of the current slot, if the term already occurred in it.
  let lastSlot = new Int32Array(1 << 12).fill(-1);
  let lastPosting = new Int32Array(1 << 12);
  let total = 0;
  const add = (term: string, slot: number) => {
    let id = ids.get(term);
    if (id === undefined) {
      id = ids.size;
      ids.set(term, id);
      if (id >= lastSlot.length) {
        const previous = lastSlot.length;
        lastSlot = grow(lastSlot, id + 1);
        lastSlot.fill(-1, previous);
        lastPosting = grow(lastPosting, id + 1);
      }
    }
    if (lastSlot[id] === slot) {
      const at = lastPosting[id] as number;
      postingFrequency[at] = Math.min((postingFrequency[at] as number) + 1, 65_535);
      return;
    }
    if (count === postingTerm.length) {
      postingTerm = grow(postingTerm, count + 1);
      postingSlot = grow(postingSlot, count + 1);
      postingFrequency = grow(postingFrequency, count + 1);
    }
    postingTerm[count] = id;
    postingSlot[count] = slot;
    postingFrequency[count] = 1;
    lastSlot[id] = slot;
    lastPosting[id] = count;
    count++;
  };
  texts.forEach((text, slot) => {
    const tokens = tokenize(text);
    for (const token of tokens) {
      add(token.term, slot);
      if (token.alt) add(token.alt, slot);
      if (token.script !== "han" && !words.has(token.word)) {
        words.set(token.word, token.alt ? [token.term, token.alt] : [token.term]);
      }
    }
    for (const term of extraTerms(slot, tokens)) add(term, slot);
    lengths[slot] = tokens.length;
    total += tokens.length;
  });
  // Counting sort by term id; slots stay in increasing order within a term.
  const offsets = new Uint32Array(ids.size + 1);
  for (let i = 0; i < count; i++) {
    const next = (postingTerm[i] as number) + 1;
    offsets[next] = (offsets[next] as number) + 1;
  }
  for (let id = 0; id < ids.size; id++) {
    offsets[id + 1] = (offsets[id + 1] as number) + (offsets[id] as number);
  }
  const cursor = offsets.slice(0, ids.size);
  const slots = new Int32Array(count);
  const frequencies = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const id = postingTerm[i] as number;
    const at = cursor[id] as number;
    cursor[id] = at + 1;
    slots[at] = postingSlot[i] as number;
    frequencies[at] = postingFrequency[i] as number;
  }
  return {
    size: texts.length,
    lengths,
    averageLength: texts.length ? Math.max(1, total / texts.length) : 1,
    postings: new PostingsTable(ids, offsets, slots, frequencies),
    words,
  };
}
