/** Inverse document frequency as BM25 defines it (never negative). */
export function idf(documentCount: number, documentFrequency: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** BM25 weight of a term occurring `tf` times in a text of `length` tokens. */
export function bm25(
  tf: number,
  length: number,
  averageLength: number,
  termIdf: number,
  k1: number,
  b: number,
): number {
  const norm = k1 * (1 - b + (b * length) / averageLength);
  return (termIdf * (tf * (k1 + 1))) / (tf + norm);
}
