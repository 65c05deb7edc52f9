import {
  type AliasGroup,
  type KnowledgeBase,
  LANGUAGES,
  type Language,
} from "../knowledge/types.js";
import { AliasMatcher, aliasTerm } from "./aliases.js";
import { buildIndex, type PackedIndex } from "./inverted-index.js";

/** The index of one language's paragraphs, as plain data. */
export interface PackedLanguage {
  readonly language: Language;
  readonly index: PackedIndex;
}

/** Paragraph texts per language, each list in slot order. */
export type ParagraphsByLanguage = Partial<Record<Language, readonly string[]>>;

/** The paragraphs of `language`, in slot order: document by document, paragraph by paragraph. */
export function paragraphsIn(knowledge: KnowledgeBase, language: Language): string[] {
  const texts: string[] = [];
  for (const document of knowledge.documents)
    for (const text of document.versions[language]?.paragraphs ?? []) texts.push(text);
  return texts;
}

/**
 * Builds the index of every language that has paragraphs. This is the slow part of starting
 * (seconds at 100,000 paragraphs), kept apart from the engine so that it can run on another
 * thread or be read back from disk.
 */
export function buildIndexes(
  paragraphs: ParagraphsByLanguage,
  aliasGroups: readonly AliasGroup[],
): PackedLanguage[] {
  const aliases = new AliasMatcher(aliasGroups);
  const built: PackedLanguage[] = [];
  for (const language of LANGUAGES) {
    const texts = paragraphs[language] ?? [];
    if (texts.length === 0) continue;
    const index = buildIndex(texts, (_slot, tokens) =>
      [...new Set(aliases.find(tokens).map((o) => o.group))].map(aliasTerm),
    );
    built.push({ language, index });
  }
  return built;
}

/** {@link buildIndexes} for knowledge in memory, on this thread. */
export function buildIndexesOf(knowledge: KnowledgeBase): PackedLanguage[] {
  const paragraphs: ParagraphsByLanguage = {};
  for (const language of LANGUAGES) paragraphs[language] = paragraphsIn(knowledge, language);
  return buildIndexes(paragraphs, knowledge.aliases);
}
