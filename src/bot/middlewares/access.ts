import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

/**
 * For private deployments: when ALLOWED_USERS or ALLOWED_CHATS is set, anyone else gets one
 * polite refusal and nothing more.
 */
export function restrictAccess(
  users?: readonly number[],
  chats?: readonly number[],
): MiddlewareFn<BotContext> {
  if (!users && !chats) return (_ctx, next) => next();
  const allowedUsers = new Set(users ?? []);
  const allowedChats = new Set(chats ?? []);
  return async (ctx, next) => {
    const userOk = ctx.from !== undefined && allowedUsers.has(ctx.from.id);
    const chatOk = ctx.chat !== undefined && allowedChats.has(ctx.chat.id);
    if (userOk || chatOk) return next();
    ctx.logger.info(
      { user: ctx.from?.id, chat: ctx.chat?.id },
      "refused: not in ALLOWED_USERS/ALLOWED_CHATS",
    );
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.access_denied") });
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 300 });
    else if (ctx.chat?.type === "private" && ctx.message)
      await ctx.reply(ctx.t("errors.access_denied"));
  };
}
