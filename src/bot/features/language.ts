import { Composer, GrammyError } from "grammy";
import { decodeAction } from "../callback-data.js";
import { registerChatCommands } from "../commands.js";
import type { BotContext } from "../context.js";
import { languageKeyboard } from "../keyboards/index.js";

/** /lang: choose the language of every text the bot sends, remembered across restarts. */
export const languageFeature = new Composer<BotContext>();

languageFeature.command("lang", async (ctx) => {
  await ctx.reply(ctx.t("lang.choose"), { reply_markup: languageKeyboard(ctx.locale) });
});

languageFeature.callbackQuery(/^l:/, async (ctx) => {
  const action = decodeAction(ctx.callbackQuery.data);
  if (action?.kind !== "language") {
    await ctx.answerCallbackQuery({ text: ctx.t("errors.callback_invalid") });
    return;
  }
  // Stored before it is acknowledged: a crash after the "Done" never loses the choice.
  await ctx.deps.preferences.set(ctx.from.id, { language: action.language });
  ctx.locale = action.language;
  ctx.localeChosen = true;
  await ctx.answerCallbackQuery({ text: ctx.t("lang.chosen") });
  try {
    await ctx.editMessageText(ctx.t("lang.chosen"));
  } catch (error) {
    // Tapping the language already chosen: the message is already right.
    if (!(error instanceof GrammyError && error.description.includes("message is not modified")))
      throw error;
  }
  if (ctx.chat?.type === "private") await registerChatCommands(ctx, action.language);
});
