import { type KnowledgeBase, LANGUAGES, type Language } from "./types.js";

/** Counts used by `check-knowledge` and the bot's start-up log. */
export interface KnowledgeSummary {
  readonly documents: number;
  readonly aliasGroups: number;
  readonly paragraphsPerLanguage: Readonly<Record<Language, number>>;
  readonly perDocument: readonly {
    readonly id: string;
    readonly paragraphs: number;
    readonly original: Language;
    readonly languages: readonly Language[];
    readonly missing: readonly Language[];
  }[];
}

export function summarizeKnowledge(knowledge: KnowledgeBase): KnowledgeSummary {
  const paragraphsPerLanguage = { en: 0, ru: 0, zh: 0 };
  const perDocument = knowledge.documents.map((document) => {
    const languages = LANGUAGES.filter((language) => document.versions[language]);
    for (const language of languages) paragraphsPerLanguage[language] += document.paragraphCount;
    return {
      id: document.id,
      paragraphs: document.paragraphCount,
      original: document.originalLanguage,
      languages,
      missing: LANGUAGES.filter((language) => !document.versions[language]),
    };
  });
  return {
    documents: knowledge.documents.length,
    aliasGroups: knowledge.aliases.length,
    paragraphsPerLanguage,
    perDocument,
  };
}
