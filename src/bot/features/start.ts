import { Composer } from "grammy";
import { versionIn } from "../../knowledge/types.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../format/html.js";
import { examplesKeyboard } from "../keyboards/index.js";

/** /start: what the bot knows, how to ask, example questions to tap. /help: how to use it. */
export const startFeature = new Composer<BotContext>();

startFeature.command("start", async (ctx) => {
  const documents = ctx.deps.knowledge.documents
    .slice(0, 20)
    .map((d) => `• ${escapeHtml(versionIn(d, ctx.locale).metadata.title)}`)
    .join("\n");
  await ctx.reply(
    ctx.t("start.welcome", { count: ctx.deps.knowledge.documents.length, documents }),
    {
      parse_mode: "HTML",
    },
  );
  await ctx.reply(ctx.t("start.examples"), { reply_markup: examplesKeyboard(ctx.t) });
});

startFeature.command("help", async (ctx) => {
  await ctx.reply(ctx.t("help.text", { bot: escapeHtml(ctx.me.username) }), { parse_mode: "HTML" });
});
