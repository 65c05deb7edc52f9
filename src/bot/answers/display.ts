import type { Language } from "../../knowledge/types.js";
import type { BotContext } from "../context.js";
import type { Translate } from "../format/citation.js";

/**
 * The language an answer is shown in: the one the reader chose with /lang, else the language
 * the question was asked (and searched) in, so a Russian question gets a Russian answer from a
 * reader whose Telegram is in English.
 */
export function displayLanguage(ctx: BotContext, searched: Language): Language {
  return ctx.localeChosen ? ctx.locale : searched;
}

/** Interface texts in `language`, which may differ from the reader's locale (`ctx.t`). */
export function textsIn(ctx: BotContext, language: Language): Translate {
  return (key, values) => ctx.deps.translator.t(language, key, values);
}
