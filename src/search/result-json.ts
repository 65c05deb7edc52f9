import type { SearchResult } from "./engine.js";

/** The `ask --json` shape of a result: plain data, one object per question. */
export interface ResultJson {
  readonly query: string;
  readonly language: string;
  readonly results: readonly {
    readonly document: string;
    readonly paragraph: number;
    readonly score: number;
    readonly text: string;
    readonly source: string;
    readonly snippet: string;
    readonly highlights: readonly (readonly [number, number])[];
  }[];
}

export function resultToJson(result: SearchResult): ResultJson {
  return {
    query: result.query,
    language: result.language,
    results: result.passages.map((p) => ({
      document: p.document.id,
      paragraph: p.paragraph,
      score: Math.round(p.score * 1000) / 1000,
      text: p.text,
      source: p.source,
      snippet: p.snippet.text,
      highlights: p.snippet.highlights,
    })),
  };
}
