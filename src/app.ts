/**
 * The one place that builds the bot's world: knowledge, search, storage, question log,
 * interface texts and the bot itself. `main.ts` opens it from the configuration
 * ({@link createApp}); the tests and the load run assemble it from parts held in memory
 * ({@link assembleApp}, {@link memoryParts}), so all three wire the bot the same way.
 */
import { join } from "node:path";
import { type Bot, MemorySessionStorage } from "grammy";
import type { Redis } from "ioredis";
import { type AnswerCache, MemoryAnswerCache, RedisAnswerCache } from "./bot/answer-cache.js";
import type { BotContext, Dependencies } from "./bot/context.js";
import { createTranslator, type Translator } from "./bot/i18n.js";
import { type CreateBotOptions, createBot } from "./bot/index.js";
import { KnowledgeAlerts } from "./bot/knowledge-alerts.js";
import type { Config } from "./config.js";
import { StartupError } from "./errors.js";
import { loadKnowledge } from "./knowledge/load.js";
import type { KnowledgeBase } from "./knowledge/types.js";
import { KnowledgeSync } from "./knowledge-sync.js";
import { watchKnowledge } from "./knowledge-watcher.js";
import { LiveKnowledge } from "./live-knowledge.js";
import type { Logger } from "./logger.js";
import { QuestionLog } from "./questions/log.js";
import { openQuestionLog } from "./questions/open.js";
import type { QuestionRecord } from "./questions/record.js";
import { SearchEngine } from "./search/engine.js";
import { prepareIndexes } from "./search/index-thread.js";
import { lexiconFor } from "./search/lexicon.js";
import { FileStorage } from "./store/file-storage.js";
import { StoreOutage } from "./store/outage.js";
import { isPreferences, PreferenceStore, type Preferences } from "./store/preferences.js";
import { checkPersistence, connectRedis } from "./store/redis-connection.js";
import { RedisStorage } from "./store/redis-storage.js";

/** Knowledge with its search engine: fixed, or live (imports from Telegram swap it). */
export type Searchable = { readonly knowledge: KnowledgeBase; readonly engine: SearchEngine };

/** What an app is assembled from. */
export interface AppParts {
  readonly search: Searchable | LiveKnowledge;
  readonly translator: Translator;
  readonly preferences: PreferenceStore;
  readonly questions: QuestionLog;
  /** The Redis connection of the preferences, when they live in Redis. */
  readonly redis?: Redis;
  /** The questions behind "More" buttons; default one process's memory. */
  readonly answers?: AnswerCache;
  /** Tells the other instances about changes made through this one (with Redis). */
  readonly sync?: KnowledgeSync;
  /** Told of every bot made, so that it can write to the admins unprompted. */
  readonly onBot?: (bot: Bot<BotContext>) => void;
  /** Flushes and closes what the parts opened. */
  readonly close?: () => Promise<void>;
}

/** The assembled bot world. */
export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly deps: Dependencies;
  readonly redis?: Redis;
  /** A bot on these dependencies, with the configured token (nothing runs until started). */
  bot(options?: CreateBotOptions, token?: string): Bot<BotContext>;
  /** Flushes the stores and closes their connections. */
  close(): Promise<void>;
}

/** Builds the dependencies and the bot factory from parts. */
export function assembleApp(config: Config, logger: Logger, parts: AppParts): App {
  const { search } = parts;
  const deps: Dependencies = {
    config,
    // Getters: after an import, features read the new knowledge and engine without noticing.
    get knowledge() {
      return search.knowledge;
    },
    get engine() {
      return search.engine;
    },
    ...(search instanceof LiveKnowledge ? { live: search } : {}),
    translator: parts.translator,
    preferences: parts.preferences,
    logger,
    answers: parts.answers ?? new MemoryAnswerCache(),
    ...(parts.sync ? { sync: parts.sync } : {}),
    questions: parts.questions,
  };
  return {
    config,
    logger,
    deps,
    ...(parts.redis ? { redis: parts.redis } : {}),
    bot: (options = {}, token = config.mode === "terminal" ? "" : config.botToken) => {
      const bot = createBot(token, deps, options);
      parts.onBot?.(bot);
      return bot;
    },
    close: async () => {
      await parts.close?.();
    },
  };
}

/** Parts held in memory (preferences and question log), for tests and the load run. */
export function memoryParts(
  config: Config,
  search: Searchable | LiveKnowledge,
  translator: Translator,
): AppParts {
  return {
    search,
    translator,
    preferences: new PreferenceStore(new MemorySessionStorage<Preferences>()),
    questions: new QuestionLog(new MemorySessionStorage<QuestionRecord>(), config.questionLog),
  };
}

/** How {@link buildEngine} gets its indexes. */
export interface EngineBuildOptions {
  /** Folder of the index cache (none: always build). */
  readonly cacheDirectory?: string;
  /** Build on a worker thread, so that a bot answering meanwhile is not held up. */
  readonly thread?: boolean;
  readonly logger?: Logger;
}

/**
 * The engine the bot answers with: the knowledge's indexes (from the cache, or built) and its
 * lexicon, if it needs one.
 */
export async function buildEngine(
  knowledge: KnowledgeBase,
  options: EngineBuildOptions = {},
): Promise<SearchEngine> {
  const started = performance.now();
  const indexes = await prepareIndexes(knowledge, {
    ...(options.cacheDirectory ? { cacheDirectory: options.cacheDirectory } : {}),
    thread: options.thread ?? false,
  });
  const outcome = {
    source: indexes.source,
    ...(indexes.cacheMiss ? { cacheMiss: indexes.cacheMiss } : {}),
    ms: Math.round(performance.now() - started),
    version: knowledge.fingerprint.slice(0, 12),
  };
  options.logger?.info(
    outcome,
    indexes.source === "cache" ? "index read from the cache" : "index built",
  );
  // A folder that cannot be written (a read-only DATA_DIR) costs a rebuild at every start.
  if (indexes.cacheProblem)
    options.logger?.warn(
      { problem: indexes.cacheProblem },
      "index not cached: check that DATA_DIR/index-cache can be written",
    );
  return new SearchEngine(
    knowledge,
    {},
    { lexicon: await lexiconFor(knowledge), prebuilt: indexes.languages },
  );
}

/**
 * Opens everything the configuration names: the knowledge (live), the preference store (Redis
 * or files), the interface texts and the question log.
 * @throws {StartupError} with one line saying what could not be opened and how to fix it
 */
export async function createApp(config: Config, logger: Logger): Promise<App> {
  const knowledge = await loadKnowledge(config.knowledgeDir);
  const store = await openStore(config, logger);
  let translator: Translator;
  try {
    translator = createTranslator(config.localesDir);
  } catch (error) {
    await store.close();
    const { code, path } = error as NodeJS.ErrnoException;
    throw new StartupError(
      `LOCALES_DIR: cannot read the interface texts (${code ? `${code} ${path ?? ""}`.trim() : (error as Error).message}); set LOCALES_DIR to the folder holding en.yaml, ru.yaml and zh.yaml.`,
      2,
    );
  }
  const engineOptions: EngineBuildOptions = {
    cacheDirectory: join(config.dataDir, "index-cache"),
    thread: true,
    logger,
  };
  const build = (next: KnowledgeBase) => buildEngine(next, engineOptions);
  const live = new LiveKnowledge(knowledge, await build(knowledge), build);
  let questions: Awaited<ReturnType<typeof openQuestionLog>>;
  try {
    questions = await openQuestionLog(config, (error) =>
      logger.warn({ err: error }, "could not write to the question log"),
    );
  } catch (error) {
    await store.close();
    throw new StartupError(`Cannot open the question log: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
  const { redis } = store;
  const alerts = new KnowledgeAlerts({
    adminUsers: config.adminUsers,
    translator,
    preferences: store.store,
    logger,
    ...(redis ? { redis: { client: redis, prefix: config.redisPrefix } } : {}),
  });
  const listener = {
    reloaded: () => alerts.reloaded(),
    refused: (problem: string) => void alerts.refused(problem),
  };
  // Edits to the folder (or SIGHUP) are served without a restart; with Redis, so are changes
  // made through another instance.
  const stopWatching = watchKnowledge(live, logger, {
    watchFolder: config.knowledgeWatch,
    listener,
  });
  const sync = redis
    ? await KnowledgeSync.start(live, { redis, prefix: config.redisPrefix, logger, listener })
    : undefined;
  return assembleApp(config, logger, {
    search: live,
    translator,
    preferences: store.store,
    questions: questions.log,
    ...(redis ? { redis, answers: new RedisAnswerCache(redis, config.redisPrefix, logger) } : {}),
    ...(sync ? { sync } : {}),
    // The terminal chat has no admins to write to.
    ...(config.mode === "terminal" ? {} : { onBot: (bot) => alerts.attach(bot.api) }),
    close: async () => {
      stopWatching();
      await sync?.stop();
      await store.close();
      await questions.close();
    },
  });
}

async function openStore(
  config: Config,
  logger: Logger,
): Promise<{ store: PreferenceStore; close: () => Promise<void>; redis?: Redis }> {
  try {
    if (config.redisUrl) {
      const { redis, outage } = await connectRedis(config.redisUrl, logger);
      await checkPersistence(redis, logger);
      return {
        store: new PreferenceStore(
          new RedisStorage<Preferences>(redis, config.redisPrefix, isPreferences, logger),
          outage,
        ),
        close: async () => void (await redis.quit()),
        redis,
      };
    }
    const folder = join(config.dataDir, "preferences");
    const files = await FileStorage.open<Preferences>(folder, isPreferences, (error) =>
      logger.warn(
        { file: error.file, problem: error.problem },
        `preference ignored: ${error.message}`,
      ),
    );
    return {
      store: new PreferenceStore(files, new StoreOutage(folder, logger)),
      close: () => files.flush(),
    };
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`Cannot open the preference store: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
}
