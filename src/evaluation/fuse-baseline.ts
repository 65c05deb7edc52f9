import Fuse from "fuse.js";
import { type KnowledgeBase, LANGUAGES, type Language, versionIn } from "../knowledge/types.js";
import { detectLanguage } from "../search/language.js";
import { paragraphKey, type Ranking } from "./metrics.js";

interface Entry {
  readonly key: string;
  readonly text: string;
}

/**
 * The baseline: plain Fuse.js over whole paragraphs, the whole question as the pattern,
 * Fuse's default threshold as the relevance cut-off.
 */
export class FuseBaseline {
  private readonly fuses = new Map<Language, Fuse<Entry>>();

  constructor(knowledge: KnowledgeBase) {
    for (const language of LANGUAGES) {
      const entries: Entry[] = [];
      for (const document of knowledge.documents) {
        versionIn(document, language).paragraphs.forEach((text, i) => {
          entries.push({ key: paragraphKey(document.id, i + 1), text });
        });
      }
      this.fuses.set(
        language,
        new Fuse(entries, { keys: ["text"], includeScore: true, ignoreLocation: true }),
      );
    }
  }

  rank(question: string, limit = 5, language: Language = detectLanguage(question)): Ranking {
    return (this.fuses.get(language)?.search(question, { limit }) ?? []).map((r) => r.item.key);
  }
}
