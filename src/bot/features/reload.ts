import { Composer } from "grammy";
import { KnowledgeError } from "../../knowledge/errors.js";
import { shortVersion } from "../../knowledge-sync.js";
import { whileTyping } from "../chat-action.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../format/html.js";
import { allowed, reloadAndAnnounce } from "./import.js";

/**
 * `/reload` for ADMIN_USERS in a private chat: loads the knowledge folder again (after files
 * were changed on a volume the watcher cannot see, KNOWLEDGE_WATCH=off), tells the other
 * instances, and replies with the outcome, or with the one-line reason the folder was refused
 * (the previous knowledge then keeps serving). Everyone else gets the import's polite refusal.
 */
export const reloadFeature = new Composer<BotContext>();

reloadFeature.command("reload", async (ctx) => {
  const live = await allowed(ctx);
  if (!live) return;
  try {
    const knowledge = await whileTyping(ctx, () => reloadAndAnnounce(ctx, live));
    const version = shortVersion(knowledge.fingerprint);
    ctx.logger.info(
      { documents: knowledge.documents.length, version },
      "knowledge reloaded by an admin",
    );
    await ctx.reply(ctx.t("reload.done", { count: knowledge.documents.length, version }));
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    ctx.logger.info({ problem: error.message }, "knowledge reload refused");
    await ctx.reply(ctx.t("reload.failed", { reason: escapeHtml(error.message) }));
  }
});
