/**
 * A fixed set of strings, numbered 0…n−1, held in three typed arrays: the UTF-16 code units of
 * every string back to back, where each one starts, and an open-addressing hash table of ids.
 * It replaces a `Map<string, number>` for an index's vocabulary: a million Chinese bigrams take
 * about 16 bytes each instead of a hundred, none of it on the garbage-collected heap, and the
 * arrays move between threads and onto disk without being copied or rebuilt.
 */
export class StringTable {
  /**
   * @param chars the strings' UTF-16 code units, one after another
   * @param starts where string i starts in `chars` (n + 1 entries, the last one `chars.length`)
   * @param table hash slots holding an id or −1; its length is a power of two above n
   */
  constructor(
    readonly chars: Uint16Array,
    readonly starts: Uint32Array,
    readonly table: Int32Array,
  ) {}

  /** A table of `values`, each one's id its position (the values must be distinct). */
  static from(values: readonly string[]): StringTable {
    let total = 0;
    for (const value of values) total += value.length;
    const chars = new Uint16Array(total);
    const starts = new Uint32Array(values.length + 1);
    let at = 0;
    values.forEach((value, id) => {
      starts[id] = at;
      for (let i = 0; i < value.length; i++) chars[at++] = value.charCodeAt(i);
    });
    starts[values.length] = at;
    let capacity = 2;
    while (capacity < values.length * 2) capacity *= 2;
    const table = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    values.forEach((value, id) => {
      let slot = hashOf(value) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = id;
    });
    return new StringTable(chars, starts, table);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** The id of `value`, or −1 when it is not in the table. */
  id(value: string): number {
    const { table } = this;
    const mask = table.length - 1;
    let slot = hashOf(value) & mask;
    for (let probes = 0; probes < table.length; probes++) {
      const id = table[slot] as number;
      if (id === -1) return -1;
      if (this.equals(id, value)) return id;
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  has(value: string): boolean {
    return this.id(value) !== -1;
  }

  /** The string numbered `id`. */
  at(id: number): string {
    const start = this.starts[id] as number;
    const end = this.starts[id + 1] as number;
    let value = "";
    // Chunks keep the argument list short for long strings.
    for (let from = start; from < end; from += 4096)
      value += String.fromCharCode(...this.chars.subarray(from, Math.min(end, from + 4096)));
    return value;
  }

  /** Length, in UTF-16 code units, of the string numbered `id`. */
  lengthOf(id: number): number {
    return (this.starts[id + 1] as number) - (this.starts[id] as number);
  }

  /** Whether the string numbered `id` starts with `prefix`. */
  startsWith(id: number, prefix: string): boolean {
    const start = this.starts[id] as number;
    if (this.lengthOf(id) < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++)
      if (this.chars[start + i] !== prefix.charCodeAt(i)) return false;
    return true;
  }

  /** Compares the string numbered `id` with `value` by code units, as `<` does on strings. */
  compare(id: number, value: string): number {
    const start = this.starts[id] as number;
    const length = this.lengthOf(id);
    const common = Math.min(length, value.length);
    for (let i = 0; i < common; i++) {
      const difference = (this.chars[start + i] as number) - value.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - value.length;
  }

  private equals(id: number, value: string): boolean {
    return this.lengthOf(id) === value.length && this.startsWith(id, value);
  }
}

/** FNV-1a over UTF-16 code units. */
function hashOf(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
