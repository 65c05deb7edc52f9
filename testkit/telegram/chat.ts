import type { Chat, Message } from "grammy/types";
import { type BotApiEmulator, privateChat } from "./emulator.js";
import type { makeUser } from "./factories.js";

type User = ReturnType<typeof makeUser>;

/** A person's side of a conversation with the real bot, over the emulated Bot API. */
export interface E2eChat {
  /** `user` writes `text`; resolves with the bot's first message to that chat, once done. */
  ask(user: User, text: string, chat?: Chat, extra?: object): Promise<Message>;
  /** `user` taps the button labelled like `label` under `message`. */
  tap(
    user: User,
    message: Message,
    label: RegExp,
  ): Promise<{ message?: Message; answer: Record<string, unknown> }>;
}

export function e2eChat(api: BotApiEmulator): E2eChat {
  const chat: E2eChat = {
    async ask(user, text, where = privateChat(user), extra = {}) {
      const since = api.mark();
      api.userSendsText(user, where, text, extra);
      const message = await api.waitForMessage({ chatId: where.id }, 10_000, { since });
      await api.settled(since);
      return message;
    },
    async tap(user, message, label) {
      const button = message.reply_markup?.inline_keyboard.flat().find((b) => label.test(b.text));
      if (!button || !("callback_data" in button))
        throw new Error(`no button ${label} in ${JSON.stringify(message.reply_markup)}`);
      const since = api.mark();
      const id = api.userTapsButton(user, message, button.callback_data);
      const answered = await api.waitForCallbackAnswer(id, 10_000, { since });
      // Done once every call is answered: a message sent for the tap is among them by then.
      await api.settled(since);
      const sent = api.calls
        .filter((c) => c.seq >= since && (c.method === "sendMessage" || c.method === "sendPhoto"))
        .map((c) => (c.response?.ok ? (c.response.result as Message) : undefined))
        .find((m) => m?.chat.id === message.chat.id);
      return {
        ...(sent ? { message: sent } : {}),
        answer: answered.payload as Record<string, unknown>,
      };
    },
  };
  return chat;
}
