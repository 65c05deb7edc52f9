import type { QuestionRecord } from "./record.js";

/** One line of an evaluation set (`questions.jsonl`), as `npm run eval -- --set` reads it. */
export interface LabelledLine {
  readonly lang: QuestionRecord["lang"];
  readonly q: string;
  readonly doc: string | null;
  readonly paragraph: number | null;
}

/**
 * Logged questions as draft labels for an evaluation set: the bot's first confident passage
 * (null / null when it answered nothing with confidence), for an operator to correct. A
 * question asked again in the same words is exported once.
 */
export function toLabelledLines(entries: readonly QuestionRecord[]): LabelledLine[] {
  const seen = new Set<string>();
  const unique = entries.filter((entry) => {
    const key = `${entry.lang}\u0000${entry.q.trim()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.map((entry) => {
    const answer = entry.passages.find((p) => p.confident);
    return {
      lang: entry.lang,
      q: entry.q,
      doc: answer?.doc ?? null,
      paragraph: answer?.paragraph ?? null,
    };
  });
}

/** The lines as JSON Lines text (one object per line, a final newline). */
export function toJsonLines(lines: readonly LabelledLine[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join("");
}
