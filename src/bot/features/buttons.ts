import { Composer, GrammyError } from "grammy";
import { answerQuestion, giveFeedback, quoteFull, quoteOriginal } from "../answers/index.js";
import { type Action, decodeAction } from "../callback-data.js";
import type { BotContext } from "../context.js";

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
      await quoteFull(ctx, document, action.paragraph, action.language);
      return true;
    }
    case "original": {
      const document = target(ctx, action);
      if (!document) return false;
      await ctx.answerCallbackQuery();
      await quoteOriginal(ctx, document, action.paragraph);
      return true;
    }
    case "more": {
      const entry = await ctx.deps.answers.recall(action.answer);
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
