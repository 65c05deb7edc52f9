import { Composer } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import { versionIn } from "../../knowledge/types.js";
import { displayLanguage, textsIn } from "../answers/index.js";
import type { BotContext } from "../context.js";
import { formatCitation, translationLabel } from "../format/citation.js";
import { escapeHtml, shorten } from "../format/html.js";

/** Telegram accepts at most 50 results; a handful of good passages serve better. */
const INLINE_RESULTS = 10;

/** `@bot question` in any chat: passages with their citation, ready to send. */
export const inlineFeature = new Composer<BotContext>();

inlineFeature.on("inline_query", async (ctx) => {
  const query = ctx.inlineQuery.query.trim().slice(0, 256);
  if (!query) {
    await ctx.answerInlineQuery([], {
      cache_time: 300,
      button: { text: ctx.t("inline.hint_title"), start_parameter: "inline" },
    });
    return;
  }
  const result = ctx.deps.engine.findPassages(query, { limit: INLINE_RESULTS });
  const display = displayLanguage(ctx, result.language);
  const t = textsIn(ctx, display);
  const results: InlineQueryResult[] = result.passages.map((passage) => {
    const version = versionIn(passage.document, display);
    const text = version.paragraphs[passage.paragraph - 1] ?? "";
    const citation = formatCitation(t, display, version, passage.paragraph);
    const label = translationLabel(t, version);
    const body = escapeHtml(shorten(text, [], 3000).text);
    return {
      type: "article",
      id: `${passage.document.id}:${passage.paragraph}`.slice(0, 64),
      title: `${version.metadata.title} ¶${passage.paragraph}`.slice(0, 200),
      description: shorten(
        version.language === passage.language ? passage.snippet.text : text,
        [],
        200,
      ).text,
      input_message_content: {
        message_text: `${body}\n\n${label ? `<i>${escapeHtml(label)}</i>\n` : ""}<i>— ${citation}</i>`,
      },
    };
  });
  if (results.length === 0) {
    await ctx.answerInlineQuery([], {
      cache_time: 30,
      button: { text: t("inline.none_title"), start_parameter: "none" },
    });
    return;
  }
  await ctx.answerInlineQuery(results, { cache_time: 30, is_personal: ctx.localeChosen });
});
