import { GrammyError } from "grammy";
import type { Feedback } from "../../questions/record.js";
import type { BotContext } from "../context.js";
import { markFeedback } from "../keyboards/index.js";

/**
 * A 👍 / 👎 tap: stored in the question log (replacing an earlier verdict), acknowledged in the
 * user's language, and shown by marking the chosen button under the answer.
 */
export async function giveFeedback(
  ctx: BotContext,
  entry: string,
  verdict: Feedback,
): Promise<void> {
  const from = ctx.from;
  if (!from) return;
  const result = await ctx.deps.questions.setFeedback(entry, from.id, verdict);
  if (result !== "saved") {
    await ctx.answerCallbackQuery({
      text: ctx.t(result === "not_asker" ? "feedback.not_asker" : "feedback.unknown"),
    });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t(`feedback.thanks_${verdict}`) });
  const markup = ctx.callbackQuery?.message?.reply_markup;
  if (!markup) return;
  try {
    await ctx.editMessageReplyMarkup({
      reply_markup: markFeedback(ctx.t, markup, entry, verdict),
    });
  } catch (error) {
    // The same verdict tapped twice leaves the keyboard unchanged: nothing to show.
    if (!(error instanceof GrammyError && /not modified/.test(error.description))) throw error;
  }
}
