import type { Context } from "grammy";
import type { Config } from "../config.js";
import type { KnowledgeBase, Language } from "../knowledge/types.js";
import type { LiveKnowledge } from "../live-knowledge.js";
import type { Logger } from "../logger.js";
import type { QuestionLog } from "../questions/log.js";
import type { SearchEngine } from "../search/engine.js";
import type { PreferenceStore } from "../store/preferences.js";
import type { AnswerCache } from "./answer-cache.js";
import type { TemplateValues, Translator } from "./i18n.js";

/** Announces a new knowledge version (its fingerprint) to the other instances. Never throws. */
export interface KnowledgeAnnouncer {
  announce(fingerprint: string): Promise<void>;
}

/** Everything the bot needs, built once by main (or a test) and passed to {@link createBot}. */
export interface Dependencies {
  readonly config: Config;
  readonly knowledge: KnowledgeBase;
  readonly engine: SearchEngine;
  readonly translator: Translator;
  readonly preferences: PreferenceStore;
  readonly logger: Logger;
  /** The questions behind "More" buttons (in Redis when REDIS_URL is set). */
  readonly answers: AnswerCache;
  /**
   * Where `knowledge` and `engine` come from when they can change while the bot runs (imports
   * from Telegram); absent, the knowledge is fixed and importing is not offered.
   */
  readonly live?: LiveKnowledge;
  /**
   * Tells the other instances on the same Redis about a change made through this one (an
   * import, a removal, /reload); absent without REDIS_URL.
   */
  readonly sync?: KnowledgeAnnouncer;
  /** The question log (a no-op with QUESTION_LOG=off). */
  readonly questions: QuestionLog;
}

/** What the bot adds to grammY's context for every update. */
export interface BotFlavor {
  readonly deps: Dependencies;
  /** A child logger carrying the update id. */
  logger: Logger;
  /** The language of every text the bot sends this user. */
  locale: Language;
  /** Whether the user chose `locale` with /lang (else it comes from Telegram's language_code). */
  localeChosen: boolean;
  /** An interface text in `locale`. */
  t(key: string, values?: TemplateValues): string;
}

/** The one context type of the bot. */
export type BotContext = Context & BotFlavor;
