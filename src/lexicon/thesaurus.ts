import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Language } from "../knowledge/types.js";
import { DEFAULT_LEXICON_DIRECTORY } from "./lexicon.js";
import { stemWord } from "./words.js";

/**
 * Everyday synonyms: English from WordNet ("pay" → salary, "target" → aim), Russian from the
 * LibreOffice thesaurus («руководитель» → глава, начальник). None for Chinese.
 */
export interface Thesaurus {
  /**
   * Other words for `word` (normalised: lowercased, ё as е), most frequent sense first; an
   * inflected Russian word is looked up by its stem. [] if none.
   */
  synonyms(word: string, language: Language): readonly string[];
}

const TABLES: Partial<Record<Language, string>> = {
  en: join("wordnet", "en-synonyms.tsv"),
  ru: join("mythes-ru", "ru-synonyms.tsv"),
};

function readTable(file: string): Map<string, readonly string[]> {
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
  return table;
}

/** Reads the synonym tables (2.5 MB) once; a missing file is a one-line error naming it. */
export function loadThesaurus(directory: string = DEFAULT_LEXICON_DIRECTORY): Thesaurus {
  const tables = new Map<Language, Map<string, readonly string[]>>();
  const byStem = new Map<string, readonly string[]>();
  for (const [language, file] of Object.entries(TABLES) as [Language, string][]) {
    const table = readTable(join(directory, file));
    tables.set(language, table);
    // Russian questions inflect: «руководителей» meets «руководитель» through its stem.
    if (language === "ru")
      for (const [lemma, synonyms] of table) {
        const stem = stemWord(lemma, "ru");
        if (!byStem.has(stem)) byStem.set(stem, synonyms);
      }
  }
  return {
    synonyms(word, language) {
      const key = word.toLowerCase().replaceAll("ё", "е");
      const direct = tables.get(language)?.get(key);
      if (direct) return direct;
      return language === "ru" ? (byStem.get(stemWord(key, "ru")) ?? []) : [];
    },
  };
}
