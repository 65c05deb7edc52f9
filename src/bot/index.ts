import { autoRetry } from "@grammyjs/auto-retry";
import { hydrateFiles } from "@grammyjs/files";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig, type BotError, GrammyError, HttpError } from "grammy";
import { logApiFailures, plainTextFallback } from "./api-transformers.js";
import type { BotContext, Dependencies } from "./context.js";
import { buttonsFeature } from "./features/buttons.js";
import { importFeature } from "./features/import.js";
import { inlineFeature } from "./features/inline.js";
import { languageFeature } from "./features/language.js";
import { questionFeature } from "./features/question.js";
import { quoteFeature } from "./features/quote.js";
import { sourcesFeature } from "./features/sources.js";
import { startFeature } from "./features/start.js";
import { statsFeature } from "./features/stats.js";
import { unhandledFeature } from "./features/unhandled.js";
import { restrictAccess } from "./middlewares/access.js";
import { attachContext } from "./middlewares/context.js";
import { rateLimit } from "./middlewares/rate-limit.js";

export type { BotContext, Dependencies };

/** Options for tests and the terminal chat. */
export type CreateBotOptions = Pick<BotConfig<BotContext>, "botInfo" | "client">;

/**
 * Builds the bot: middlewares, one Composer per feature, the error boundary. Nothing runs
 * until the caller starts it (polling, webhook or terminal chat).
 */
export function createBot(
  token: string,
  deps: Dependencies,
  options: CreateBotOptions = {},
): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    ...options,
    client: { apiRoot: deps.config.apiRoot, ...options.client },
  });
  // Innermost first: file downloads for getFile results, every attempt logged once, then the
  // HTML fallback, then retries.
  bot.api.config.use(hydrateFiles(token, { apiRoot: deps.config.apiRoot }));
  bot.api.config.use(logApiFailures(deps.logger));
  bot.api.config.use(plainTextFallback);
  // 429 (with retry_after) and 5xx are retried; 400/403 are not, as they cannot succeed.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowHttpErrors: false }),
  );

  // Updates run concurrently (grammY runner), but one chat's updates in order: a /lang choice
  // is stored before that user's next question is read.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(attachContext(deps));
  bot.use(restrictAccess(deps.config.allowedUsers, deps.config.allowedChats));
  // One person at a terminal is no crowd to protect against.
  if (deps.config.mode !== "terminal")
    bot.use(rateLimit(deps.config.rateLimit.messages, deps.config.rateLimit.seconds));

  bot.use(startFeature);
  bot.use(languageFeature);
  bot.use(sourcesFeature);
  // Only a bot whose knowledge can be swapped while it runs offers importing.
  if (deps.live) bot.use(importFeature);
  bot.use(statsFeature);
  bot.use(quoteFeature);
  bot.use(inlineFeature);
  bot.use(buttonsFeature);
  bot.use(questionFeature);
  bot.use(unhandledFeature);

  bot.catch(handleError);
  return bot;
}

/** The one error boundary: log once, tell the user politely where that is possible. */
async function handleError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const logger = ctx.logger ?? ctx.deps?.logger;
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
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.generic") });
    else if (ctx.chat && ctx.message && !(cause instanceof HttpError))
      await ctx.reply(ctx.t("errors.generic"));
  } catch {
    // Telegram is the problem; the log line above already says so.
  }
}
