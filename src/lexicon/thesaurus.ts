import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_LEXICON_DIRECTORY } from "./lexicon.js";

/** Everyday synonyms of English words (WordNet): "target" → aim, "pay" → wage, salary. */
export interface Thesaurus {
  /** Other words for `word` (lowercased, as written), most frequent sense first; [] if none. */
  synonyms(word: string): readonly string[];
}

/** Reads the WordNet synonym table (1.4 MB) once; a missing file is a one-line error. */
export function loadThesaurus(directory: string = DEFAULT_LEXICON_DIRECTORY): Thesaurus {
  const file = join(directory, "wordnet", "en-synonyms.tsv");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`thesaurus: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
  }
  const table = new Map<string, readonly string[]>();
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) table.set(line.slice(0, tab), line.slice(tab + 1).split(" "));
  }
  return { synonyms: (word) => table.get(word.toLowerCase()) ?? [] };
}
