import { loadKnowledge } from "./knowledge/load.js";
import type { KnowledgeBase } from "./knowledge/types.js";
import type { SearchEngine } from "./search/engine.js";

/** Builds the search engine for a knowledge base (with the lexicon it needs, if any). */
export type EngineFactory = (knowledge: KnowledgeBase) => Promise<SearchEngine>;

/**
 * The knowledge the bot answers from, and its search engine, swappable while the bot runs:
 * after an import or a removal the folder is loaded again, a new engine is built, and both
 * are swapped in at once (one reference), so no reader ever sees the knowledge of one
 * generation with the engine of another within a single access.
 */
export class LiveKnowledge {
  private current: { knowledge: KnowledgeBase; engine: SearchEngine };
  /** Reloads run one after another (an import and a file change may come together). */
  private reloading: Promise<unknown> = Promise.resolve();

  constructor(
    knowledge: KnowledgeBase,
    engine: SearchEngine,
    private readonly build: EngineFactory,
  ) {
    this.current = { knowledge, engine };
  }

  get knowledge(): KnowledgeBase {
    return this.current.knowledge;
  }

  get engine(): SearchEngine {
    return this.current.engine;
  }

  /**
   * Loads the knowledge folder again and swaps it in with a new engine.
   * @throws {KnowledgeError} when the folder is invalid; the running knowledge stays
   */
  reload(): Promise<KnowledgeBase> {
    const next = this.reloading.then(
      () => this.load(),
      () => this.load(),
    );
    this.reloading = next.catch(() => {});
    return next;
  }

  private async load(): Promise<KnowledgeBase> {
    const knowledge = await loadKnowledge(this.current.knowledge.directory);
    // A save that changed nothing (an editor touching a file) needs no new index.
    if (knowledge.fingerprint === this.current.knowledge.fingerprint) return this.current.knowledge;
    this.current = { knowledge, engine: await this.build(knowledge) };
    return knowledge;
  }
}
