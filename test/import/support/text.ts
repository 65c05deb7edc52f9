const WORDS = [
  "trade",
  "between",
  "neighbouring",
  "countries",
  "depends",
  "on",
  "railways",
  "bridges",
  "settlements",
  "in",
  "national",
  "currencies",
  "and",
  "the",
  "patient",
  "work",
  "of",
  "institutions",
  "that",
  "finance",
  "infrastructure",
  "across",
  "borders",
  "while",
  "researchers",
  "compare",
  "experience",
  "with",
  "reliable",
  "statistics",
  "every",
  "year",
];

/**
 * Deterministic English-like paragraphs of `sentences` sentences each, without hyphens, so
 * a hyphen in the laid-out text can only be a line-end hyphenation.
 */
export function paragraphs(count: number, sentences = 4, seed = 1): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const result: string[] = [];
  for (let p = 0; p < count; p++) {
    const parts: string[] = [];
    for (let s = 0; s < sentences; s++) {
      const length = 8 + ((next() >>> 16) % 10);
      const words = Array.from({ length }, () => WORDS[(next() >>> 16) % WORDS.length] ?? "trade");
      const sentence = words.join(" ");
      parts.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
    }
    result.push(parts.join(" "));
  }
  return result;
}
