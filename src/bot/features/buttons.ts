import { Composer, GrammyError } from "grammy";
import { versionIn } from "../../knowledge/types.js";
import { type Action, decodeAction } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatFullParagraph, formatOriginal } from "../format/passages.js";
import { originalKeyboard, translationKeyboard } from "../keyboards/index.js";
import { giveFeedback } from "./feedback.js";
import { answerQuestion } from "./question.js";

/** Sends several messages in order; only the last one carries the keyboard. */
export async function replyAll(
  ctx: BotContext,
  messages: readonly string[],
  keyboard?: Parameters<BotContext["reply"]>[1],
) {
  for (const [i, text] of messages.entries()) {
    const last = i === messages.length - 1;
    await ctx.reply(text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(last ? keyboard : {}),
    });
  }
}

/** The document and paragraph an action points at, if they (still) exist. */
function target(ctx: BotContext, action: { document: string; paragraph: number }) {
  const document = ctx.deps.knowledge.documents.find((d) => d.id === action.document);
  if (!document || action.paragraph < 1 || action.paragraph > document.paragraphCount)
    return undefined;
  return document;
}

async function perform(ctx: BotContext, action: Action): Promise<boolean> {
  switch (action.kind) {
    case "full": {
      const document = target(ctx, action);
      if (!document) return false;
      await ctx.answerCallbackQuery();
      const version = versionIn(document, action.language);
      const t = (key: string, values?: Record<string, string | number>) =>
        ctx.deps.translator.t(action.language, key, values);
      // A translation always has its original one tap away.
      await replyAll(
        ctx,
        formatFullParagraph(t, action.language, document, action.paragraph, action.language),
        version.original
          ? undefined
          : { reply_markup: originalKeyboard(t, document.id, action.paragraph) },
      );
      return true;
    }
    case "original": {
      const document = target(ctx, action);
      if (!document) return false;
      await ctx.answerCallbackQuery();
      const translated = document.versions[ctx.locale] && ctx.locale !== document.originalLanguage;
      await replyAll(
        ctx,
        formatOriginal(ctx.t, ctx.locale, document, action.paragraph),
        translated
          ? { reply_markup: translationKeyboard(ctx.t, document.id, action.paragraph, ctx.locale) }
          : undefined,
      );
      return true;
    }
    case "more": {
      const entry = ctx.deps.answers.recall(action.answer);
      if (!entry) {
        await ctx.answerCallbackQuery({ text: ctx.t("answer.stale"), show_alert: true });
        return true;
      }
      await ctx.answerCallbackQuery();
      await answerQuestion(ctx, entry.question, {
        offset: action.offset,
        searched: entry.searched,
        display: entry.display,
        ...(entry.entry ? { entry: entry.entry } : {}),
      });
      return true;
    }
    case "example": {
      const document = ctx.deps.knowledge.documents.find((d) => d.id === action.document);
      const question = document?.versions[action.language]?.examples?.[action.number - 1];
      if (!question) return false;
      await ctx.answerCallbackQuery();
      await answerQuestion(ctx, question, { display: ctx.locale });
      return true;
    }
    case "feedback":
      await giveFeedback(ctx, action.entry, action.verdict);
      return true;
    case "language":
      return false; // handled by the language feature, registered before this one
  }
}

/** The Full / Original / More / example / feedback buttons. Every callback query is answered. */
export const buttonsFeature = new Composer<BotContext>();

buttonsFeature.on("callback_query:data", async (ctx, next) => {
  const action = decodeAction(ctx.callbackQuery.data);
  if (action?.kind === "language") return next();
  let handled = false;
  try {
    handled = action !== undefined && ctx.chat !== undefined && (await perform(ctx, action));
  } finally {
    if (!handled) {
      ctx.logger.info(
        { data: ctx.callbackQuery.data.slice(0, 64) },
        "invalid or stale callback data",
      );
      await ctx
        .answerCallbackQuery({ text: ctx.t("errors.callback_invalid") })
        .catch((error: unknown) => {
          if (!(error instanceof GrammyError)) throw error;
        });
    }
  }
});
