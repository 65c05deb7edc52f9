import { Composer } from "grammy";
import type { KnowledgeDocument } from "../../knowledge/types.js";
import { quoteClosest, quoteOriginal } from "../answers/index.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../format/html.js";

/** A document by id, or by its number in /sources. */
function findDocument(ctx: BotContext, reference: string): KnowledgeDocument | undefined {
  const { documents } = ctx.deps.knowledge;
  if (/^\d{1,6}$/.test(reference)) return documents[Number(reference) - 1];
  return documents.find((d) => d.id === reference.toLowerCase());
}

/**
 * /quote <document> <paragraph>: the paragraph verbatim in its original language.
 * /quote <words>: the paragraph containing those words (fuzzy), quoted the same way.
 */
export const quoteFeature = new Composer<BotContext>();

quoteFeature.command("quote", async (ctx) => {
  const args = ctx.match.trim().replace(/\s+/g, " ");
  const first = ctx.deps.knowledge.documents[0];
  if (!args) {
    await ctx.reply(ctx.t("quote.usage", { example: escapeHtml(`${first?.id ?? "document"} 1`) }));
    return;
  }
  const [reference = "", number, ...rest] = args.split(" ");
  const document = findDocument(ctx, reference);
  const looksLikeReference =
    rest.length === 0 &&
    (document !== undefined || (/^\d+$/.test(reference) && number !== undefined));
  if (looksLikeReference) {
    if (!document) {
      await ctx.reply(
        ctx.t("quote.unknown_document", { document: escapeHtml(reference.slice(0, 60)) }),
      );
      return;
    }
    const paragraph =
      number !== undefined && /^\d{1,6}$/.test(number) ? Number(number) : Number.NaN;
    if (!(paragraph >= 1 && paragraph <= document.paragraphCount)) {
      await ctx.reply(
        ctx.t("quote.bad_paragraph", {
          document: escapeHtml(document.id),
          max: document.paragraphCount,
        }),
      );
      return;
    }
    await quoteOriginal(ctx, document, paragraph);
    return;
  }
  if (!(await quoteClosest(ctx, args))) await ctx.reply(ctx.t("quote.no_match"));
});
