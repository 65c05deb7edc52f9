import type { BotContext } from "./context.js";

/** Telegram shows a chat action for five seconds, or until the bot's next message. */
const REPEAT_MS = 4500;

/**
 * Runs slow `work` (an import, a reload of the knowledge) with "typing…" shown in the chat from
 * its start and renewed until it ends. Only for work that waits on I/O: while a synchronous
 * search runs, no timer can fire, so an answer is sent without any indicator.
 */
export async function whileTyping<T>(
  ctx: BotContext,
  work: () => Promise<T>,
  repeatMs = REPEAT_MS,
): Promise<T> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return work();
  const thread = ctx.msg?.is_topic_message ? { message_thread_id: ctx.msg.message_thread_id } : {};
  const showTyping = () => {
    ctx.api.sendChatAction(chatId, "typing", thread).catch((error: unknown) => {
      ctx.logger.debug({ err: error }, "typing indicator failed");
    });
  };
  showTyping();
  const timer = setInterval(showTyping, repeatMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
