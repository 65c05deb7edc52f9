/**
 * The only module with side effects: reads the configuration, opens the app (knowledge,
 * search, storage: src/app.ts), and picks a transport (src/transport): long polling, webhook,
 * or a chat in the terminal.
 */
import dotenv from "dotenv";
import { type App, createApp } from "./app.js";
import { registerAdminCommands, registerCommands } from "./bot/commands.js";
import { parseCommandLine } from "./cli/arguments.js";
import { loadConfig } from "./config.js";
import { runEntryPoint } from "./errors.js";
import { summarizeKnowledge } from "./knowledge/summary.js";
import { createLogger } from "./logger.js";
import { ApiReachability } from "./transport/api-health.js";
import { connect } from "./transport/connect.js";
import { startPolling } from "./transport/run-polling.js";
import { startTerminal } from "./transport/run-terminal.js";
import { startWebhook } from "./transport/run-webhook.js";
import { MemoryLedger, RedisLedger, type UpdateLedger } from "./transport/update-ledger.js";

const USAGE = `usage: npm start [-- --terminal]
  Runs the bot by long polling, or by webhook with WEBHOOK_URL (settings: .env, see .env.example).
  Without BOT_TOKEN it is a terminal chat; --terminal keeps it one even when input is piped.`;

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

  if (config.mode === "terminal") return startTerminal(app, args.terminal);

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
