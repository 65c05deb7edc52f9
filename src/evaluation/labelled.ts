import { readFile } from "node:fs/promises";
import { isLanguage, type Language } from "../knowledge/types.js";

/** A question with the paragraphs that answer it (none: out of domain). */
export interface LabelledQuestion {
  readonly lang: Language;
  readonly q: string;
  readonly gold: readonly { readonly doc: string; readonly para: number }[];
}

const FORMATS =
  'expected {"lang", "q", "doc", "paragraph"} (doc and paragraph null when out of domain) or {"lang", "q", "gold": [{"doc", "para"}]}';

function goldOf(entry: Record<string, unknown>): LabelledQuestion["gold"] | undefined {
  if (Array.isArray(entry.gold)) {
    const ok = entry.gold.every(
      (g: unknown) =>
        typeof g === "object" &&
        g !== null &&
        typeof (g as { doc?: unknown }).doc === "string" &&
        Number.isInteger((g as { para?: unknown }).para),
    );
    return ok ? (entry.gold as LabelledQuestion["gold"]) : undefined;
  }
  if (entry.doc === null && entry.paragraph === null) return [];
  if (typeof entry.doc === "string" && Number.isInteger(entry.paragraph))
    return [{ doc: entry.doc, para: entry.paragraph as number }];
  return undefined;
}

/**
 * Reads a JSON Lines file of labelled questions in either format (the XQuAD form with `doc`
 * and `paragraph`, or the older `gold` list), naming the line of any malformed entry.
 */
export async function readLabelled(file: string): Promise<LabelledQuestion[]> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const questions: LabelledQuestion[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON; ${FORMATS}`);
    }
    const record = (typeof entry === "object" && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    const gold = goldOf(record);
    if (!isLanguage(record.lang) || typeof record.q !== "string" || !gold)
      throw new Error(`${file}:${i + 1}: ${FORMATS}`);
    questions.push({ lang: record.lang, q: record.q, gold });
  });
  return questions;
}
