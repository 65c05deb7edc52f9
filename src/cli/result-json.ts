import type { Outcome, SearchResult } from "../search/engine.js";

/** The `ask --json` shape of a result: plain data, one object per question. */
export interface ResultJson {
  readonly query: string;
  /** The question's language. */
  readonly language: string;
  /** answered: confident passages; closest: one passage that may not answer; none. */
  readonly outcome: Outcome;
  readonly results: readonly {
    readonly document: string;
    readonly paragraph: number;
    /** Language of `text` (differs from the question's when no version exists in it). */
    readonly language: string;
    /** Probability (0–1) that this paragraph answers the question. */
    readonly confidence: number;
    /** Whether the confidence is high enough to present it as an answer. */
    readonly confident: boolean;
    readonly score: number;
    readonly text: string;
    readonly source: string;
    readonly snippet: string;
    readonly highlights: readonly (readonly [number, number])[];
  }[];
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function resultToJson(result: SearchResult): ResultJson {
  return {
    query: result.query,
    language: result.language,
    outcome: result.outcome,
    results: result.passages.map((p) => ({
      document: p.document.id,
      paragraph: p.paragraph,
      language: p.language,
      confidence: round(p.confidence, 3),
      confident: p.confident,
      score: round(p.score, 3),
      text: p.text,
      source: p.source,
      snippet: p.snippet.text,
      highlights: p.snippet.highlights,
    })),
  };
}
