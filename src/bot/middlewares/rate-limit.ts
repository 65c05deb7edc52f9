import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

/**
 * At most `messages` updates per `seconds` from one user. Over the limit, the user is told once
 * per window; further updates are dropped silently (answering them would be spam too).
 */
export function rateLimit(messages: number, seconds: number): MiddlewareFn<BotContext> {
  const warned = new Map<number, number>();
  return limit<BotContext, never>({
    timeFrame: seconds * 1000,
    limit: messages,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: async (ctx) => {
      const user = ctx.from?.id;
      if (user === undefined) return;
      const now = Date.now();
      if ((warned.get(user) ?? 0) > now - seconds * 1000) {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery();
        return;
      }
      warned.set(user, now);
      if (warned.size > 50_000) warned.clear();
      ctx.logger.info({ user }, "rate limited");
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.rate_limited") });
      else if (ctx.message) await ctx.reply(ctx.t("errors.rate_limited"));
    },
  }) as MiddlewareFn<BotContext>;
}
