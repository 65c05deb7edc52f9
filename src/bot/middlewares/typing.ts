import type { BotContext } from "../context.js";

/** After this long without a reply, the chat shows "typing…". */
const TYPING_DELAY_MS = 300;

/**
 * Runs `work`, showing "typing…" in the chat only if it takes noticeable time: most answers
 * take well under a millisecond and need no indicator.
 */
export async function withTyping<T>(ctx: BotContext, work: () => Promise<T>): Promise<T> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return work();
  const thread = ctx.msg?.is_topic_message ? { message_thread_id: ctx.msg.message_thread_id } : {};
  const timer = setTimeout(() => {
    ctx.api.sendChatAction(chatId, "typing", thread).catch((error: unknown) => {
      ctx.logger.debug({ err: error }, "typing indicator failed");
    });
  }, TYPING_DELAY_MS);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
