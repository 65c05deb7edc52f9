import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "../bot/context.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { UpdateLedger } from "./update-ledger.js";

/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "callback_query",
  "inline_query",
] as const;

/** What a transport that talks to Telegram runs with. */
export interface Transport<Settings extends Config = Config> {
  readonly bot: Bot<BotContext>;
  readonly config: Settings;
  readonly logger: Logger;
  readonly ledger: UpdateLedger;
  /** Closes the app (stores, watchers) once the transport has drained. */
  readonly close: () => Promise<void>;
}

/** Handles one update once: a repeated delivery is skipped, an error is logged, never thrown. */
export function dispatcher(
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
