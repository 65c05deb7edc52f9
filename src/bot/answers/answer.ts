import type { Language } from "../../knowledge/types.js";
import type { BotContext } from "../context.js";
import { formatAnswer, topicsOf } from "../format/passages.js";
import { answerKeyboard } from "../keyboards/index.js";
import { displayLanguage, textsIn } from "./display.js";
import { replyToMessage } from "./reply.js";

/** Passages per answer message. */
export const PASSAGES_PER_ANSWER = 3;

/** Which page of which answer: a first answer has none of these; "More" and examples do. */
export interface AnswerPage {
  /** Passages already shown (0 for a new question). */
  readonly offset?: number;
  /** The language the question was searched in the first time. */
  readonly searched?: Language;
  /** The language the first page was shown in. */
  readonly display?: Language;
  /** The question's entry in the question log. */
  readonly entry?: string;
}

/**
 * Answers a question with up to three passages and the Full / Original / More buttons, and
 * writes it to the question log (a further page adds its passages to the first page's entry).
 * Before the user chooses a language with /lang, the reply comes in the question's language.
 */
export async function answerQuestion(
  ctx: BotContext,
  question: string,
  page: AnswerPage = {},
): Promise<void> {
  const { engine, answers, knowledge } = ctx.deps;
  const offset = page.offset ?? 0;
  const result = engine.findPassages(question, {
    limit: PASSAGES_PER_ANSWER,
    offset,
    ...(page.searched ? { language: page.searched } : {}),
  });
  const display = page.display ?? displayLanguage(ctx, result.language);
  const t = textsIn(ctx, display);
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
    await ctx.reply(text, replyToMessage(ctx));
    return;
  }
  const more =
    result.more > 0
      ? {
          answer: await answers.remember({
            question,
            searched: result.language,
            display,
            ...(entry ? { entry } : {}),
          }),
          offset: offset + PASSAGES_PER_ANSWER,
        }
      : undefined;
  await ctx.reply(formatAnswer(t, display, result.passages, display, offset + 1), {
    ...replyToMessage(ctx),
    reply_markup: answerKeyboard(t, result.passages, display, more, entry),
  });
}
