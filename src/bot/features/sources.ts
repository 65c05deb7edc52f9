import { Composer } from "grammy";
import { replyAll } from "../answers/index.js";
import type { BotContext } from "../context.js";
import { formatSources } from "../format/passages.js";

/** /sources: the documents with their metadata and paragraph counts. */
export const sourcesFeature = new Composer<BotContext>();

sourcesFeature.command("sources", async (ctx) => {
  await replyAll(ctx, formatSources(ctx.t, ctx.locale, ctx.deps.knowledge));
});
