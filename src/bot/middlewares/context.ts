import type { MiddlewareFn } from "grammy";
import type { Language } from "../../knowledge/types.js";
import type { BotContext, Dependencies } from "../context.js";

/** Telegram's `language_code` to one of ours: ru*, zh*, anything else English. */
export function localeFromTelegram(code: string | undefined): Language {
  const lower = code?.toLowerCase() ?? "";
  if (lower.startsWith("ru")) return "ru";
  if (lower.startsWith("zh")) return "zh";
  return "en";
}

/**
 * Adds the dependencies, a child logger for the update, and the reader's locale: the
 * language chosen with /lang, else Telegram's language_code.
 */
export function attachContext(deps: Dependencies): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const flavor = ctx as { -readonly [K in keyof BotContext]: BotContext[K] };
    flavor.deps = deps;
    flavor.logger = deps.logger.child({ update: ctx.update.update_id });
    const userId = ctx.from?.id;
    const chosen = userId === undefined ? undefined : await deps.preferences.get(userId);
    flavor.locale = chosen?.language ?? localeFromTelegram(ctx.from?.language_code);
    flavor.localeChosen = Boolean(chosen);
    flavor.t = (key, values) => deps.translator.t(ctx.locale, key, values);
    await next();
  };
}
