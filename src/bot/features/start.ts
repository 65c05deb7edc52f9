import { Composer } from "grammy";
import { type KnowledgeBase, type Language, versionIn } from "../../knowledge/types.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../format/html.js";
import { type Example, examplesKeyboard } from "../keyboards/index.js";

/**
 * /start: what the bot knows, how to ask, example questions to tap (from the documents' front
 * matter). /help: how to use it. */
export const startFeature = new Composer<BotContext>();

startFeature.command("start", async (ctx) => {
  const documents = ctx.deps.knowledge.documents
    .slice(0, 20)
    .map((d) => `• ${escapeHtml(versionIn(d, ctx.locale).metadata.title)}`)
    .join("\n");
  await ctx.reply(
    ctx.t("start.welcome", { count: ctx.deps.knowledge.documents.length, documents }),
  );
  const examples = examplesFor(ctx.deps.knowledge, ctx.locale);
  // Without examples in the reader's language, the titles in the welcome say what to ask about.
  if (examples.length > 0)
    await ctx.reply(ctx.t("start.examples"), { reply_markup: examplesKeyboard(examples) });
});

/**
 * Up to `max` example questions in `language` from the documents' front matter, taken in turn
 * from each document (the first of each, then the second…), so that several documents show.
 */
export function examplesFor(knowledge: KnowledgeBase, language: Language, max = 3): Example[] {
  const lists = knowledge.documents.map((d) => ({
    document: d.id,
    examples: d.versions[language]?.examples ?? [],
  }));
  const picked: Example[] = [];
  for (let round = 0; picked.length < max; round++) {
    const inRound = lists.filter((l) => round < l.examples.length);
    if (inRound.length === 0) break;
    for (const { document, examples } of inRound) {
      if (picked.length === max) break;
      picked.push({ document, number: round + 1, language, text: examples[round] ?? "" });
    }
  }
  return picked;
}

startFeature.command("help", async (ctx) => {
  await ctx.reply(ctx.t("help.text", { bot: escapeHtml(ctx.me.username) }));
});
