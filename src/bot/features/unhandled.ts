import { Composer } from "grammy";
import type { BotContext } from "../context.js";

/**
 * Registered last: whatever no feature took. In private chats a short hint; in groups silence
 * unless the message was clearly for this bot (Telegram convention: bots don't chat in groups).
 */
export const unhandledFeature = new Composer<BotContext>();

function isPrivate(ctx: BotContext): boolean {
  return ctx.chat?.type === "private";
}

unhandledFeature.on("message:text", async (ctx) => {
  const text = ctx.message.text;
  if (!text.startsWith("/")) return;
  const addressed = new RegExp(`^/\\w+@${ctx.me.username}\\b`, "i").test(text);
  const toAnotherBot = /^\/\w+@\w+/.test(text) && !addressed;
  if (toAnotherBot) return; // a command for another bot
  if (isPrivate(ctx) || addressed) await ctx.reply(ctx.t("unhandled.command"));
});

unhandledFeature.on("edited_message", async (ctx) => {
  if (isPrivate(ctx)) await ctx.reply(ctx.t("unhandled.edited"));
});

unhandledFeature.on("message", async (ctx) => {
  const toMe = ctx.message.reply_to_message?.from?.id === ctx.me.id;
  if (isPrivate(ctx) || toMe) await ctx.reply(ctx.t("unhandled.media"));
});

unhandledFeature.on("callback_query", async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t("errors.callback_invalid") });
});
