import type { BotContext } from "./context.js";

/**
 * Whether a text message is meant for the bot, and the question without the mention.
 * In private chats every message is; in groups only messages that mention the bot (by entity)
 * or reply to one of its messages — other chatter is none of its business.
 */
export function questionFor(ctx: BotContext): string | undefined {
  const message = ctx.message;
  const text = message?.text;
  if (!message || text === undefined) return undefined;
  if (ctx.chat?.type === "private") return text;
  const me = ctx.me;
  // In a forum topic every message "replies" to the topic's creation message: that is no reply.
  const replied = message.reply_to_message;
  const isTopicRoot =
    replied?.forum_topic_created !== undefined ||
    (message.is_topic_message && replied?.message_id === message.message_thread_id);
  if (replied && !isTopicRoot && replied.from?.id === me.id) return text;
  const username = `@${me.username}`.toLowerCase();
  let question: string | undefined;
  for (const entity of message.entities ?? []) {
    const part = text.slice(entity.offset, entity.offset + entity.length);
    const mentionsMe =
      (entity.type === "mention" && part.toLowerCase() === username) ||
      (entity.type === "text_mention" && entity.user.id === me.id);
    if (mentionsMe) question = (question ?? text).replace(part, " ");
  }
  return question?.replace(/\s+/g, " ").trim();
}
