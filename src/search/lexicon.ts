import { type KnowledgeBase, LANGUAGES } from "../knowledge/types.js";
import {
  cyrillicCandidates,
  latinCandidates,
  loadLexicon as loadTables,
} from "../lexicon/index.js";
import type { Lexicon } from "./crossing.js";

let shared: Lexicon | undefined;

/**
 * The bilingual dictionaries (Mueller for English–Russian, CC-CEDICT for Chinese–English) and
 * transliteration, read once per process, as the search engine's crossing needs them.
 */
export async function loadLexicon(): Promise<Lexicon> {
  if (shared) return shared;
  const tables = loadTables();
  shared = {
    translate: (word, from, to) => tables.translate(word, from, to),
    segmentChinese: (text) => tables.segmentChinese(text),
    latinCandidates,
    cyrillicCandidates,
  };
  return shared;
}

/**
 * The lexicon when the knowledge needs one: only a document missing a language makes a
 * question cross over, so a complete knowledge base starts without the dictionaries' load
 * time and memory.
 */
export async function lexiconFor(knowledge: KnowledgeBase): Promise<Lexicon | undefined> {
  const complete = knowledge.documents.every((document) =>
    LANGUAGES.every((language) => document.versions[language]),
  );
  return complete ? undefined : loadLexicon();
}
