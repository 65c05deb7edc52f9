import type { Token } from "./analyze.js";
import { tokenize } from "./analyze.js";
import {
  openVocabulary,
  type PackedVocabulary,
  packVocabulary,
  type VocabularyMatcher,
} from "./fuzzy.js";
import { StringTable } from "./string-table.js";

/** Postings of one term: paragraph slots and term frequencies, side by side. */
export interface Postings {
  readonly slots: Int32Array;
  readonly frequencies: Uint16Array;
}

/** Term → postings, stored as one flat array for all terms (CSR), not two typed arrays per term. */
export class PostingsTable {
  constructor(
    readonly terms: StringTable,
    private readonly offsets: Uint32Array,
    private readonly slots: Int32Array,
    private readonly frequencies: Uint16Array,
  ) {}

  get size(): number {
    return this.terms.size;
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  /** Views into the shared arrays (allocated per call: call it per query term, not per slot). */
  get(term: string): Postings | undefined {
    const id = this.terms.id(term);
    if (id === -1) return undefined;
    const start = this.offsets[id] as number;
    const end = this.offsets[id + 1] as number;
    return {
      slots: this.slots.subarray(start, end),
      frequencies: this.frequencies.subarray(start, end),
    };
  }

  /** Document frequency without allocating views. */
  count(term: string): number {
    const id = this.terms.id(term);
    return id === -1 ? 0 : (this.offsets[id + 1] as number) - (this.offsets[id] as number);
  }
}

/** Every surface word of the texts (Latin and Cyrillic) with the index terms it stems to. */
export class WordTable {
  constructor(
    readonly words: StringTable,
    private readonly offsets: Uint32Array,
    private readonly termIds: Int32Array,
    private readonly terms: StringTable,
  ) {}

  get size(): number {
    return this.words.size;
  }

  /** The terms of a surface word, or undefined when the texts never use it. */
  get(word: string): string[] | undefined {
    const id = this.words.id(word);
    return id === -1 ? undefined : this.termsOf(id);
  }

  /** The terms of the word numbered `id`. */
  termsOf(id: number): string[] {
    const terms: string[] = [];
    for (let i = this.offsets[id] as number; i < (this.offsets[id + 1] as number); i++)
      terms.push(this.terms.at(this.termIds[i] as number));
    return terms;
  }
}

/** An inverted index over a list of texts (the "slots"), with their vocabulary. */
export interface InvertedIndex {
  readonly size: number;
  readonly lengths: Uint32Array;
  readonly averageLength: number;
  readonly postings: PostingsTable;
  readonly words: WordTable;
}

/** The arrays of a {@link StringTable}. */
export interface PackedStrings {
  readonly chars: Uint16Array;
  readonly starts: Uint32Array;
  readonly table: Int32Array;
}

/**
 * An index as plain data: numbers and typed arrays only, so that it moves from the thread that
 * built it and to and from disk without being copied or rebuilt ({@link openIndex}).
 */
export interface PackedIndex {
  readonly size: number;
  readonly averageLength: number;
  readonly lengths: Uint32Array;
  readonly terms: PackedStrings;
  readonly offsets: Uint32Array;
  readonly slots: Int32Array;
  readonly frequencies: Uint16Array;
  readonly words: PackedStrings;
  readonly wordOffsets: Uint32Array;
  readonly wordTerms: Int32Array;
  readonly vocabulary: PackedVocabulary;
}

function packStrings(table: StringTable): PackedStrings {
  return { chars: table.chars, starts: table.starts, table: table.table };
}

function openStrings(packed: PackedStrings): StringTable {
  return new StringTable(packed.chars, packed.starts, packed.table);
}

/** The index and its fuzzy matcher over packed arrays (no copy). */
export function openIndex(packed: PackedIndex): {
  index: InvertedIndex;
  vocabulary: VocabularyMatcher;
} {
  const terms = openStrings(packed.terms);
  const words = openStrings(packed.words);
  return {
    index: {
      size: packed.size,
      lengths: packed.lengths,
      averageLength: packed.averageLength,
      postings: new PostingsTable(terms, packed.offsets, packed.slots, packed.frequencies),
      words: new WordTable(words, packed.wordOffsets, packed.wordTerms, terms),
    },
    vocabulary: openVocabulary(words, packed.vocabulary),
  };
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
): PackedIndex {
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
  const termTable = StringTable.from([...ids.keys()]);
  const wordList = [...words.keys()];
  const wordTable = StringTable.from(wordList);
  const wordOffsets = new Uint32Array(wordList.length + 1);
  const wordTerms: number[] = [];
  wordList.forEach((word, id) => {
    wordOffsets[id] = wordTerms.length;
    for (const term of words.get(word) ?? []) wordTerms.push(ids.get(term) ?? -1);
  });
  wordOffsets[wordList.length] = wordTerms.length;
  return {
    size: texts.length,
    lengths,
    averageLength: texts.length ? Math.max(1, total / texts.length) : 1,
    terms: packStrings(termTable),
    offsets,
    slots,
    frequencies,
    words: packStrings(wordTable),
    wordOffsets,
    wordTerms: Int32Array.from(wordTerms),
    vocabulary: packVocabulary(wordList),
  };
}
