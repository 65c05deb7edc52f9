import { Composer } from "grammy";
import { questionFor } from "../addressing.js";
import { answerQuestion, replyToMessage } from "../answers/index.js";
import type { BotContext } from "../context.js";

/** Longer questions are refused: nobody asks in 1,000 characters, and search cost grows with length. */
export const MAX_QUESTION_LENGTH = 1000;

/** Any text that is not a command and is meant for the bot is a question. */
export const questionFeature = new Composer<BotContext>();

questionFeature.on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const question = questionFor(ctx);
  if (question === undefined) return; // group chatter not addressed to the bot
  if (!question.replace(/[\s\p{C}]/gu, "")) {
    await ctx.reply(ctx.t("unhandled.empty"), replyToMessage(ctx));
    return;
  }
  if (question.length > MAX_QUESTION_LENGTH) {
    await ctx.reply(
      ctx.t("unhandled.too_long", { count: MAX_QUESTION_LENGTH }),
      replyToMessage(ctx),
    );
    return;
  }
  await answerQuestion(ctx, question);
});
