import { readFile } from "node:fs/promises";
import { isLanguage, type Language } from "../knowledge/types.js";

/** A question with the paragraphs that answer it (none: out of domain). */
export interface LabelledQuestion {
  readonly lang: Language;
  readonly q: string;
  readonly gold: readonly { readonly doc: string; readonly para: number }[];
}

/** Reads a JSON Lines file of labelled questions, naming the line of any malformed entry. */
export async function readLabelled(file: string): Promise<LabelledQuestion[]> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const questions: LabelledQuestion[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const entry = JSON.parse(line) as Partial<LabelledQuestion>;
    if (!isLanguage(entry.lang) || typeof entry.q !== "string" || !Array.isArray(entry.gold)) {
      throw new Error(`${file}:${i + 1}: expected {"lang", "q", "gold": [{"doc", "para"}]}`);
    }
    questions.push(entry as LabelledQuestion);
  });
  return questions;
}
