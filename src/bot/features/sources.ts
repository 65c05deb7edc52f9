import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { formatSources } from "../format/passages.js";
import { replyAll } from "./buttons.js";

/** /sources: the documents with their metadata and paragraph counts. */
export const sourcesFeature = new Composer<BotContext>();

sourcesFeature.command("sources", async (ctx) => {
  await replyAll(ctx, formatSources(ctx.t, ctx.locale, ctx.deps.knowledge));
});
