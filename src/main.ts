/**
 * The only module with side effects: reads the configuration, opens the app (knowledge,
 * search, storage: src/app.ts), and runs the bot by long polling, webhook, or as a terminal chat.
 */
import dotenv from "dotenv";
import { type Bot, GrammyError, HttpError } from "grammy";
import type { Update } from "grammy/types";
import { type App, createApp } from "./app.js";
import { registerAdminCommands, registerCommands } from "./bot/commands.js";
import type { BotContext } from "./bot/context.js";
import { parseCommandLine } from "./cli/arguments.js";
import { type Config, loadConfig, type WebhookConfig } from "./config.js";
import { runEntryPoint, StartupError } from "./errors.js";
import { summarizeKnowledge } from "./knowledge/summary.js";
import { createLogger, type Logger } from "./logger.js";
import { runTerminalChat, TERMINAL_BOT } from "./terminal/chat.js";
import { ApiReachability } from "./transport/api-health.js";
import { InFlight } from "./transport/in-flight.js";
import { DEFAULT_CONCURRENCY, Poller } from "./transport/polling.js";
import { handleShutdown } from "./transport/shutdown.js";
import { MemoryLedger, RedisLedger, type UpdateLedger } from "./transport/update-ledger.js";
import { createWebhookServer, type HealthReport } from "./transport/webhook.js";

const USAGE = `usage: npm start [-- --terminal]
  Runs the bot by long polling, or by webhook with WEBHOOK_URL (settings: .env, see .env.example).
  Without BOT_TOKEN it is a terminal chat; --terminal keeps it one even when input is piped.`;

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

/** Reads the configuration and opens the app, logging what it is ready with. */
async function build(): Promise<App> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  // In the terminal chat, logs go to stderr and only warnings unless LOG_LEVEL says otherwise.
  const terminal = config.mode === "terminal";
  const level = terminal && !process.env.LOG_LEVEL ? "warn" : config.logLevel;
  // Secrets never reach the logs, whatever an error carries (grammY errors carry payloads).
  const secrets = [
    config.mode === "terminal" ? undefined : config.botToken,
    config.mode === "webhook" ? config.webhook.secret : undefined,
    config.questionLog.key,
  ].filter((x): x is string => Boolean(x));
  const logger = createLogger(level, secrets, terminal ? process.stderr : process.stdout);
  const app = await createApp(config, logger);
  const summary = summarizeKnowledge(app.deps.knowledge);
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
  return app;
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

interface Transport<Settings extends Config = Config> {
  readonly bot: Bot<BotContext>;
  readonly config: Settings;
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
  { bot, config, logger, ledger, close }: Transport<WebhookConfig>,
  health: () => HealthReport,
): Promise<void> {
  const { webhook } = config;
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
  const { values: args } = parseCommandLine("start", USAGE, {
    options: { terminal: { type: "boolean", default: false } },
  });
  const app = await build();
  const { config, logger, redis } = app;
  const close = () => app.close();
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
    if (!process.stdin.isTTY && !args.terminal) {
      throw new StartupError(
        'BOT_TOKEN is not set: put BOT_TOKEN=<token from @BotFather> in .env to run the bot, or use `npm run --silent ask -- "question"` to query the documents from a script.',
        2,
      );
    }
    const bot = app.bot({ botInfo: TERMINAL_BOT }, "terminal");
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
  const bot = app.bot({ observeAttempts: api.transformer });
  await connect(bot, config, logger);
  await registerCommands(bot.api, app.deps.translator, logger);
  await registerAdminCommands(bot.api, app.deps.translator, config.adminUsers, logger);
  const transport = { bot, logger, ledger, close };
  if (config.mode === "webhook")
    await startWebhook({ ...transport, config }, () => ({
      ready: api.reachable && redisReady(),
      knowledge: "loaded",
      telegram: api.reachable ? "reachable" : "unreachable",
      ...(config.redisUrl ? { redis: redisReady() ? "reachable" : "unreachable" } : {}),
    }));
  else {
    await bot.api.deleteWebhook();
    await startPolling({ ...transport, config });
  }
}

await runEntryPoint(main);
