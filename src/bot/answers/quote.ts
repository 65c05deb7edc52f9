import { type KnowledgeDocument, type Language, versionIn } from "../../knowledge/types.js";
import type { BotContext } from "../context.js";
import { formatFullParagraph, formatOriginal } from "../format/passages.js";
import { originalKeyboard, translationKeyboard } from "../keyboards/index.js";
import { textsIn } from "./display.js";
import { replyAll } from "./reply.js";

/**
 * A paragraph verbatim in its original language, in the reader's locale, with a button to the
 * reader's translation when there is one.
 */
export async function quoteOriginal(
  ctx: BotContext,
  document: KnowledgeDocument,
  paragraph: number,
): Promise<void> {
  const translated = document.versions[ctx.locale] && ctx.locale !== document.originalLanguage;
  await replyAll(
    ctx,
    formatOriginal(ctx.t, ctx.locale, document, paragraph),
    translated
      ? { reply_markup: translationKeyboard(ctx.t, document.id, paragraph, ctx.locale) }
      : undefined,
  );
}

/**
 * The whole paragraph in `language` (the answer's display language); a translation always has
 * its original one tap away.
 */
export async function quoteFull(
  ctx: BotContext,
  document: KnowledgeDocument,
  paragraph: number,
  language: Language,
): Promise<void> {
  const t = textsIn(ctx, language);
  await replyAll(
    ctx,
    formatFullParagraph(t, language, document, paragraph, language),
    versionIn(document, language).original
      ? undefined
      : { reply_markup: originalKeyboard(t, document.id, paragraph) },
  );
}

/**
 * The paragraph closest to `words` (fuzzy search), quoted like {@link quoteOriginal}; false
 * when no paragraph comes close.
 */
export async function quoteClosest(ctx: BotContext, words: string): Promise<boolean> {
  const [passage] = ctx.deps.engine.findPassages(words.slice(0, 1000), { limit: 1 }).passages;
  if (!passage) return false;
  await quoteOriginal(ctx, passage.document, passage.paragraph);
  return true;
}
