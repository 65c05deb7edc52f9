import { Composer } from "grammy";
import type { Language } from "../../knowledge/types.js";
import type { BotContext } from "../context.js";
import { formatAnswer, topicsOf } from "../format/passages.js";
import { answerKeyboard } from "../keyboards/index.js";
import { questionFor } from "../middlewares/addressed.js";
import { withTyping } from "../middlewares/typing.js";

/** Passages per answer message. */
export const PASSAGES_PER_ANSWER = 3;
/** Longer questions are refused: nobody asks in 1,000 characters, and search cost grows with length. */
export const MAX_QUESTION_LENGTH = 1000;

/** Where a reply goes: in groups, as a reply to the question (in the same topic). */
function replyOptions(ctx: BotContext) {
  const message = ctx.message;
  return {
    parse_mode: "HTML" as const,
    link_preview_options: { is_disabled: true },
    ...(message && ctx.chat?.type !== "private"
      ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } }
      : {}),
  };
}

/**
 * Answers a question with up to three passages and the Full / Original / More buttons.
 * Before the user chooses a language with /lang, the reply comes in the question's language.
 */
export async function answerQuestion(
  ctx: BotContext,
  question: string,
  page: { offset?: number; searched?: Language; display?: Language; entry?: string } = {},
): Promise<void> {
  const { engine, answers, knowledge, translator } = ctx.deps;
  const offset = page.offset ?? 0;
  await withTyping(ctx, async () => {
    const result = engine.findPassages(question, {
      limit: PASSAGES_PER_ANSWER,
      offset,
      ...(page.searched ? { language: page.searched } : {}),
    });
    const display = page.display ?? (ctx.localeChosen ? ctx.locale : result.language);
    const t = (key: string, values?: Record<string, string | number>) =>
      translator.t(display, key, values);
    ctx.logger.info(
      {
        language: result.language,
        outcome: result.outcome,
        passages: result.passages.length,
        confidence: result.passages.map((p) => Math.round(p.confidence * 100) / 100),
        offset,
      },
      "question answered",
    );
    const shown = result.passages.map((p) => ({
      doc: p.document.id,
      paragraph: p.paragraph,
      confidence: Math.round(p.confidence * 100) / 100,
      confident: p.confident,
    }));
    const entry =
      offset === 0
        ? // Written in the background: a failing log is logged, never a reason not to answer.
          ctx.deps.questions.record({
            lang: result.language,
            q: question,
            outcome: result.outcome,
            passages: shown,
            ...(ctx.from ? { userId: ctx.from.id } : {}),
          })
        : page.entry;
    if (offset > 0 && entry) ctx.deps.questions.addPassages(entry, shown);
    if (result.passages.length === 0) {
      const text =
        offset > 0
          ? t("answer.more_none")
          : t("answer.none", { topics: topicsOf(t, knowledge, display) });
      await ctx.reply(text, replyOptions(ctx));
      return;
    }
    const more =
      result.more > 0
        ? {
            answer: answers.remember({
              question,
              searched: result.language,
              display,
              ...(entry ? { entry } : {}),
            }),
            offset: offset + PASSAGES_PER_ANSWER,
          }
        : undefined;
    await ctx.reply(formatAnswer(t, display, result.passages, display, offset + 1), {
      ...replyOptions(ctx),
      reply_markup: answerKeyboard(t, result.passages, display, more, entry),
    });
  });
}

/** Any text that is not a command and is meant for the bot is a question. */
export const questionFeature = new Composer<BotContext>();

questionFeature.on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const question = questionFor(ctx);
  if (question === undefined) return; // group chatter not addressed to the bot
  if (!question.replace(/[\s\p{C}]/gu, "")) {
    await ctx.reply(ctx.t("unhandled.empty"), replyOptions(ctx));
    return;
  }
  if (question.length > MAX_QUESTION_LENGTH) {
    await ctx.reply(ctx.t("unhandled.too_long", { count: MAX_QUESTION_LENGTH }), replyOptions(ctx));
    return;
  }
  await answerQuestion(ctx, question);
});
