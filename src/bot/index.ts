import { autoRetry } from "@grammyjs/auto-retry";
import { hydrateFiles } from "@grammyjs/files";
import { sequentialize } from "@grammyjs/runner";
import {
  Bot,
  type BotConfig,
  type BotError,
  GrammyError,
  HttpError,
  type Transformer,
} from "grammy";
import {
  formatMessages,
  logApiFailures,
  plainTextFallback,
  retryNetworkErrors,
} from "./api-transformers.js";
import type { BotContext, Dependencies } from "./context.js";
import { buttonsFeature } from "./features/buttons.js";
import { importFeature } from "./features/import.js";
import { inlineFeature } from "./features/inline.js";
import { languageFeature } from "./features/language.js";
import { questionFeature } from "./features/question.js";
import { quoteFeature } from "./features/quote.js";
import { reloadFeature } from "./features/reload.js";
import { sourcesFeature } from "./features/sources.js";
import { startFeature } from "./features/start.js";
import { statsFeature } from "./features/stats.js";
import { unhandledFeature } from "./features/unhandled.js";
import { restrictAccess } from "./middlewares/access.js";
import { attachContext, localeFromTelegram } from "./middlewares/context.js";
import { rateLimit } from "./middlewares/rate-limit.js";

export type { BotContext, Dependencies };

/** Options for tests and the terminal chat. */
export type CreateBotOptions = Pick<BotConfig<BotContext>, "botInfo" | "client"> & {
  /** Sees every single attempt of every Bot API call, retries included (health checks). */
  readonly observeAttempts?: Transformer;
};

/**
 * Builds the bot: middlewares, one Composer per feature, the error boundary. Nothing runs
 * until the caller starts it (polling, webhook or terminal chat).
 */
export function createBot(
  token: string,
  deps: Dependencies,
  options: CreateBotOptions = {},
): Bot<BotContext> {
  const { observeAttempts, ...config } = options;
  const bot = new Bot<BotContext>(token, {
    ...config,
    client: { apiRoot: deps.config.apiRoot, ...config.client },
  });
  if (observeAttempts) bot.api.config.use(observeAttempts);
  // Innermost first: file downloads for getFile results, every attempt logged once, then the
  // HTML fallback, then retries.
  bot.api.config.use(hydrateFiles(token, { apiRoot: deps.config.apiRoot }));
  bot.api.config.use(logApiFailures(deps.logger));
  bot.api.config.use(plainTextFallback);
  // 429 (with retry_after) and 5xx are retried; 400/403 are not, as they cannot succeed.
  // Network failures: a capped back-off here (auto-retry's grows towards an hour); getUpdates
  // and getMe are left to the poller and start-up, which say they are waiting for Telegram.
  bot.api.config.use(retryNetworkErrors(deps.config.retryMaxSeconds * 1000));
  const retry = autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowHttpErrors: true });
  bot.api.config.use((previous, method, payload, signal) =>
    method === "getUpdates"
      ? previous(method, payload, signal)
      : retry(previous, method, payload, signal),
  );

  // Installed on each update's API, so that it wraps every other transformer (those of the
  // terminal chat and tests too): the HTML fallback then sees the HTML it falls back from.
  bot.use((ctx, next) => {
    ctx.api.config.use(formatMessages);
    return next();
  });
  // Updates run concurrently (grammY runner), but one chat's updates in order: a /lang choice
  // is stored before that user's next question is read.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  // Every transport (long polling, webhook, terminal) goes through this boundary, so an error
  // is logged and apologised for once and never reaches the transport: a webhook answers 200
  // and Telegram does not send the update again.
  const guarded = bot.errorBoundary((error) => handleError(error, deps));
  guarded.use(attachContext(deps));
  guarded.use(restrictAccess(deps.config.allowedUsers, deps.config.allowedChats));
  // One person at a terminal is no crowd to protect against.
  if (deps.config.mode !== "terminal")
    guarded.use(rateLimit(deps.config.rateLimit.messages, deps.config.rateLimit.seconds));

  guarded.use(startFeature);
  guarded.use(languageFeature);
  guarded.use(sourcesFeature);
  // Only a bot whose knowledge can be swapped while it runs offers importing.
  if (deps.live) guarded.use(importFeature, reloadFeature);
  guarded.use(statsFeature);
  guarded.use(quoteFeature);
  guarded.use(inlineFeature);
  guarded.use(buttonsFeature);
  guarded.use(questionFeature);
  guarded.use(unhandledFeature);

  // Only errors outside the boundary (in sequentialize) could land here.
  bot.catch((error) => handleError(error, deps));
  return bot;
}

/** The one error boundary: log once, tell the user politely where that is possible. */
async function handleError(error: BotError<BotContext>, deps: Dependencies): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const logger = ctx.logger ?? deps.logger;
  // The context may have failed before its translator was attached: Telegram's language then.
  const t =
    typeof ctx.t === "function"
      ? (key: string) => ctx.t(key)
      : (key: string) => deps.translator.t(localeFromTelegram(ctx.from?.language_code), key);
  if (cause instanceof GrammyError && cause.error_code === 403) {
    logger?.info(
      { chat: ctx.chat?.id, description: cause.description },
      "user is unreachable (blocked the bot or left)",
    );
    return;
  }
  if (cause instanceof GrammyError)
    logger?.error(
      { method: cause.method, description: cause.description },
      "Bot API refused a call",
    );
  else if (cause instanceof HttpError) logger?.error({ err: cause.error }, "Bot API unreachable");
  else logger?.error({ err: cause }, "update failed");
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t("errors.generic") });
    else if (ctx.chat && ctx.message && !(cause instanceof HttpError))
      await ctx.reply(t("errors.generic"));
  } catch {
    // Telegram is the problem; the log line above already says so.
  }
}
