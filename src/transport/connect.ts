import { type Bot, GrammyError, HttpError } from "grammy";
import type { BotContext } from "../bot/context.js";
import type { Config } from "../config.js";
import { StartupError } from "../errors.js";
import type { Logger } from "../logger.js";

/**
 * Asks the Bot API who the bot is. While the API is unreachable, says so and retries with a
 * capped backoff; a rejected token stops start-up with one line saying how to fix it.
 */
export async function connect(bot: Bot<BotContext>, config: Config, logger: Logger): Promise<void> {
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
