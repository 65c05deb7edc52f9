import type { BotContext } from "../context.js";

/** The extra options of a reply (keyboard, reply parameters). */
export type ReplyExtra = Parameters<BotContext["reply"]>[1];

/**
 * Where a reply to the current message goes: in groups, as a reply to it (in the same topic),
 * so that the answer stays next to its question among other people's messages.
 */
export function replyToMessage(ctx: BotContext): ReplyExtra {
  const message = ctx.message;
  return message && ctx.chat?.type !== "private"
    ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } }
    : {};
}

/** Sends several messages in order; only the last one carries `extra` (a keyboard). */
export async function replyAll(
  ctx: BotContext,
  messages: readonly string[],
  extra?: ReplyExtra,
): Promise<void> {
  for (const [i, text] of messages.entries()) {
    await ctx.reply(text, i === messages.length - 1 ? extra : undefined);
  }
}
