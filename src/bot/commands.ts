import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { LANGUAGES, type Language } from "../knowledge/types.js";
import type { Logger } from "../logger.js";
import type { BotContext } from "./context.js";
import type { Translator } from "./i18n.js";

const COMMANDS = ["start", "help", "lang", "sources", "quote"] as const;
/** Operators see /stats and /reload in their menu too. */
const ADMIN_COMMANDS = [...COMMANDS, "stats", "reload"] as const;

export function commandsIn(
  translator: Translator,
  language: Language,
  admin = false,
): BotCommand[] {
  return (admin ? ADMIN_COMMANDS : COMMANDS).map((command) => ({
    command,
    description: translator.t(language, `commands.${command}`),
  }));
}

/**
 * The command menu in every language (Telegram picks by the user's app language), English as
 * the default. A failure is logged, never fatal: the bot works without a menu.
 */
export async function registerCommands(
  api: Api,
  translator: Translator,
  logger: Logger,
): Promise<void> {
  try {
    await api.setMyCommands(commandsIn(translator, "en"));
    for (const language of LANGUAGES) {
      await api.setMyCommands(commandsIn(translator, language), { language_code: language });
    }
  } catch (error) {
    logger.warn({ err: error }, "could not register the command menu; continuing without it");
  }
}

/**
 * Each operator's private chat gets a menu with /stats and /reload (in English until they choose with
 * /lang). An operator who never opened a chat with the bot cannot get one: logged, not fatal.
 */
export async function registerAdminCommands(
  api: Api,
  translator: Translator,
  adminUsers: readonly number[],
  logger: Logger,
): Promise<void> {
  for (const admin of adminUsers) {
    try {
      await api.setMyCommands(commandsIn(translator, "en", true), {
        scope: { type: "chat", chat_id: admin },
      });
    } catch (error) {
      logger.warn(
        { err: error, admin },
        "could not add /stats and /reload to an operator's command menu",
      );
    }
  }
}

/** After /lang, the menu of that private chat follows the chosen language. */
export async function registerChatCommands(ctx: BotContext, language: Language): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  try {
    const admin = ctx.from !== undefined && ctx.deps.config.adminUsers.includes(ctx.from.id);
    await ctx.api.setMyCommands(commandsIn(ctx.deps.translator, language, admin), {
      scope: { type: "chat", chat_id: chatId },
    });
  } catch (error) {
    ctx.logger.warn({ err: error }, "could not set the chat's command menu");
  }
}
