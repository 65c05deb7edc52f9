/** Seeded pseudo-random numbers, so that every run generates the same corpus. */

/** sfc32: small, fast, and good enough for test data. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next(); // mix the seed in
  return next;
}

/** An integer in [min, max]. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(random: () => number, list: readonly T[]): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/**
 * Draws ranks 0..size-1 with probability proportional to 1 / (rank + 1)^exponent (Zipf's law),
 * by binary search in the cumulative distribution.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(
    readonly size: number,
    exponent = 1,
  ) {
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank++) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < size; rank++) {
      this.cumulative[rank] = (this.cumulative[rank] ?? 0) / total;
    }
  }

  sample(random: () => number): number {
    const u = random();
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] ?? 1) < u) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Draws items with probability proportional to their counts (e.g. word frequencies in a text). */
export class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(counts: ReadonlyMap<T, number>) {
    for (const [item, count] of counts) {
      this.total += count;
      this.items.push(item);
      this.cumulative.push(this.total);
    }
    if (this.items.length === 0) throw new Error("no items to draw from");
  }

  sample(random: () => number): T {
    const u = random() * this.total;
    let low = 0;
    let high = this.items.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] ?? this.total) <= u) low = middle + 1;
      else high = middle;
    }
    return this.items[low] as T;
  }
}
