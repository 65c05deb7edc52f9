/**
 * The only module with side effects: reads the configuration, loads the knowledge, opens the
 * preference store, and runs the bot by long polling, webhook, or as a terminal chat.
 */
import { join } from "node:path";
import dotenv from "dotenv";
import { type Bot, GrammyError, HttpError } from "grammy";
import type { Update } from "grammy/types";
import type { Redis } from "ioredis";
import { AnswerCache } from "./bot/answer-cache.js";
import { registerAdminCommands, registerCommands } from "./bot/commands.js";
import type { BotContext, Dependencies } from "./bot/context.js";
import { createTranslator } from "./bot/i18n.js";
import { createBot } from "./bot/index.js";
import { type Config, loadConfig } from "./config.js";
import { runEntryPoint, StartupError } from "./errors.js";
import { loadKnowledge } from "./knowledge/load.js";
import { summarizeKnowledge } from "./knowledge/summary.js";
import { LiveKnowledge } from "./live-knowledge.js";
import { createLogger, type Logger } from "./logger.js";
import { openQuestionLog } from "./questions/open.js";
import { SearchEngine } from "./search/engine.js";
import { lexiconFor } from "./search/lexicon.js";
import { FileStorage } from "./store/file-storage.js";
import { StoreOutage } from "./store/outage.js";
import { isPreferences, PreferenceStore, type Preferences } from "./store/preferences.js";
import { checkPersistence, connectRedis } from "./store/redis-connection.js";
import { RedisStorage } from "./store/redis-storage.js";
import { runTerminalChat, TERMINAL_BOT } from "./terminal/chat.js";
import { ApiReachability } from "./transport/api-health.js";
import { InFlight } from "./transport/in-flight.js";
import { DEFAULT_CONCURRENCY, Poller } from "./transport/polling.js";
import { handleShutdown } from "./transport/shutdown.js";
import { MemoryLedger, RedisLedger, type UpdateLedger } from "./transport/update-ledger.js";
import { createWebhookServer, type HealthReport } from "./transport/webhook.js";

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

async function openStore(
  config: Config,
  logger: Logger,
): Promise<{ store: PreferenceStore; close: () => Promise<void>; redis?: Redis }> {
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
}

async function build(): Promise<{
  config: Config;
  logger: Logger;
  deps: Dependencies;
  close: () => Promise<void>;
  redis?: Redis;
}> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  // In the terminal chat, logs go to stderr and only warnings unless LOG_LEVEL says otherwise.
  const terminal = config.mode === "terminal";
  const level = terminal && !process.env.LOG_LEVEL ? "warn" : config.logLevel;
  // Secrets never reach the logs, whatever an error carries (grammY errors carry payloads).
  const secrets = [config.botToken, config.webhook?.secret, config.questionLog.key].filter(
    (x): x is string => Boolean(x),
  );
  const logger = createLogger(level, secrets, terminal ? process.stderr : process.stdout);
  const knowledge = await loadKnowledge(config.knowledgeDir);
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(config, logger);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`Cannot open the preference store: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
  let translator: ReturnType<typeof createTranslator>;
  try {
    translator = createTranslator(config.localesDir);
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException;
    throw new StartupError(
      `LOCALES_DIR: cannot read the interface texts (${code ? `${code} ${path ?? ""}`.trim() : (error as Error).message}); set LOCALES_DIR to the folder holding en.yaml, ru.yaml and zh.yaml.`,
      2,
    );
  }
  // Imports from Telegram swap the knowledge while the bot runs; features read it through
  // these getters and never notice.
  const buildEngine = async (base: typeof knowledge) =>
    new SearchEngine(base, {}, { lexicon: await lexiconFor(base) });
  const live = new LiveKnowledge(knowledge, await buildEngine(knowledge), buildEngine);
  let questions: Awaited<ReturnType<typeof openQuestionLog>>;
  try {
    questions = await openQuestionLog(config, (error) =>
      logger.warn({ err: error }, "could not write to the question log"),
    );
  } catch (error) {
    throw new StartupError(`Cannot open the question log: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
  const deps: Dependencies = {
    config,
    get knowledge() {
      return live.knowledge;
    },
    get engine() {
      return live.engine;
    },
    live,
    translator,
    preferences: store.store,
    logger,
    answers: new AnswerCache(),
    questions: questions.log,
  };
  const summary = summarizeKnowledge(knowledge);
  logger.info(
    {
      mode: config.mode,
      documents: summary.documents,
      paragraphs: summary.paragraphsPerLanguage,
      store: config.redisUrl ? "redis" : config.dataDir,
      startupMs: Math.round(performance.now()),
    },
    "ready",
  );
  const close = async () => {
    await store.close();
    await questions.close();
  };
  return {
    config,
    logger,
    deps,
    close,
    ...(store.redis ? { redis: store.redis } : {}),
  };
}

/** Handles one update once: a repeated delivery is skipped, an error is logged, never thrown. */
function dispatcher(
  bot: Bot<BotContext>,
  ledger: UpdateLedger,
  logger: Logger,
): (update: Update) => Promise<void> {
  return async (update) => {
    try {
      if (!(await ledger.firstDelivery(update.update_id))) {
        logger.info({ update: update.update_id }, "update delivered again: already handled");
        return;
      }
      await bot.handleUpdate(update);
    } catch (error) {
      // The error boundary has logged and apologised; this is only what escapes it.
      logger.error({ err: error, update: update.update_id }, "update failed");
    }
  };
}

interface Transport {
  readonly bot: Bot<BotContext>;
  readonly config: Config;
  readonly logger: Logger;
  readonly ledger: UpdateLedger;
  readonly close: () => Promise<void>;
}

async function startPolling({ bot, config, logger, ledger, close }: Transport): Promise<void> {
  const inFlight = new InFlight();
  const poller = new Poller(
    bot.api,
    logger,
    {
      allowedUpdates: ALLOWED_UPDATES,
      timeoutSeconds: config.pollTimeoutSeconds,
      retryMaxSeconds: config.retryMaxSeconds,
      concurrency: DEFAULT_CONCURRENCY,
    },
    inFlight,
    dispatcher(bot, ledger, logger),
  );
  const shutdown = handleShutdown(logger, config.shutdownGraceSeconds * 1000, inFlight, {
    stopIntake: () => poller.stop(),
    close: async () => {
      try {
        await poller.confirm();
      } catch (error) {
        logger.warn(
          { error: (error as Error).message },
          "could not confirm the last updates: they may be delivered again after the restart",
        );
      }
      await close();
    },
  });
  logger.info("polling");
  const end = await poller.run();
  if (end === "unauthorized") shutdown("BOT_TOKEN rejected", 1);
}

async function startWebhook(
  { bot, config, logger, ledger, close }: Transport,
  health: () => HealthReport,
): Promise<void> {
  const webhook = config.webhook;
  if (!webhook) return;
  const path = new URL(webhook.url).pathname;
  const inFlight = new InFlight();
  const handle = dispatcher(bot, ledger, logger);
  const server = createWebhookServer({
    path,
    secret: webhook.secret,
    logger,
    health,
    dispatch: (update) => {
      const task = handle(update);
      inFlight.track(task);
      return task;
    },
  });
  handleShutdown(logger, config.shutdownGraceSeconds * 1000, inFlight, {
    stopIntake: () => server.stopIntake(),
    close: async () => {
      await server.close();
      await close();
    },
  });
  await new Promise<void>((resolve) => server.server.listen(webhook.port, resolve));
  try {
    await bot.api.setWebhook(webhook.url, {
      secret_token: webhook.secret,
      allowed_updates: ALLOWED_UPDATES,
    });
  } catch (error) {
    if (error instanceof GrammyError)
      throw new StartupError(`Telegram refused WEBHOOK_URL: ${error.description}`, 1);
    throw error;
  }
  logger.info({ port: webhook.port, path }, "webhook listening");
}

/**
 * Asks the Bot API who the bot is. While the API is unreachable, says so and retries with a
 * capped backoff; a rejected token stops start-up with one line saying how to fix it.
 */
async function connect(bot: Bot<BotContext>, config: Config, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Not bot.init(): it retries network errors itself, silently, towards an hour apart.
      bot.botInfo = await bot.api.getMe();
      if (attempt > 1) logger.info({ attempt }, "Bot API reachable");
      return;
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
        throw new StartupError(
          "The Bot API rejected BOT_TOKEN (401 Unauthorized): copy the token from @BotFather into .env, and check TELEGRAM_API_ROOT.",
          1,
        );
      }
      if (!(error instanceof HttpError || error instanceof GrammyError)) throw error;
      const delay = Math.min(config.retryMaxSeconds * 1000, 500 * 2 ** Math.min(attempt, 6));
      logger.warn(
        { attempt, retryInMs: delay, error: error.message },
        "Bot API unreachable at start-up: waiting for Telegram",
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function main(): Promise<void> {
  const forceTerminal = process.argv.includes("--terminal");
  const { config, logger, deps, close, redis } = await build();
  const ledger: UpdateLedger = redis
    ? new RedisLedger(redis, config.redisPrefix, logger)
    : new MemoryLedger();
  const redisReady = () => !redis || redis.status === "ready";
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception");
    process.exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    logger.fatal({ err: reason }, "unhandled rejection");
    process.exit(1);
  });

  if (config.mode === "terminal") {
    if (!process.stdin.isTTY && !forceTerminal) {
      throw new StartupError(
        'BOT_TOKEN is not set: put BOT_TOKEN=<token from @BotFather> in .env to run the bot, or use `npm run --silent ask -- "question"` to query the documents from a script.',
        2,
      );
    }
    const bot = createBot("terminal", deps, { botInfo: TERMINAL_BOT });
    const languageCode = (process.env.LC_ALL || process.env.LANG || "en").slice(0, 2);
    await runTerminalChat(bot, {
      input: process.stdin,
      output: process.stdout,
      languageCode,
      colour: Boolean(process.stdout.isTTY),
    });
    await close();
    return;
  }

  const api = new ApiReachability();
  const bot = createBot(config.botToken ?? "", deps, { observeAttempts: api.transformer });
  await connect(bot, config, logger);
  await registerCommands(bot.api, deps.translator, logger);
  await registerAdminCommands(bot.api, deps.translator, config.adminUsers, logger);
  const transport: Transport = { bot, config, logger, ledger, close };
  if (config.mode === "webhook")
    await startWebhook(transport, () => ({
      ready: api.reachable && redisReady(),
      knowledge: "loaded",
      telegram: api.reachable ? "reachable" : "unreachable",
      ...(config.redisUrl ? { redis: redisReady() ? "reachable" : "unreachable" } : {}),
    }));
  else {
    await bot.api.deleteWebhook();
    await startPolling(transport);
  }
}

await runEntryPoint(main);
