/**
 * The people in the emulated Telegram: what a test makes a user do (write, tap a button, type an
 * inline query, block the bot) becomes the update Telegram would send, subject to group privacy
 * mode.
 */
import type { Chat, InlineQuery, Message, Update, User } from "grammy/types";
import { privateChat } from "./factories.js";
import {
  asMessage,
  type MessageRecord,
  replySnapshot,
  type StoredMessage,
  type TelegramState,
} from "./state.js";
import { detectEntities } from "./text.js";
import type { UserMessageExtra } from "./types.js";

/** Users acting on the emulated Telegram's state. */
export class Users {
  constructor(private readonly state: TelegramState) {}

  /** Would the bot receive this group message in privacy mode? */
  private visibleToBot(record: MessageRecord, explicitReply: StoredMessage | undefined): boolean {
    if (
      record.chat.type === "private" ||
      record.chat.type === "channel" ||
      !this.state.privacyMode
    ) {
      return true;
    }
    const text = record.text ?? record.caption ?? "";
    if (text.startsWith("/")) return true;
    if (explicitReply?.fromBot === true) return true;
    return text.toLowerCase().includes(`@${this.state.botInfo.username.toLowerCase()}`);
  }

  private userMessage(
    user: User,
    chat: Chat,
    content: Partial<MessageRecord>,
    extra: UserMessageExtra,
  ): Message {
    this.state.registerUser(user);
    const state = this.state.chatState(chat);
    const replyId = typeof extra.replyTo === "number" ? extra.replyTo : extra.replyTo?.message_id;
    const reply = this.state.findMessage(state, replyId);
    if (replyId !== undefined && reply === undefined) {
      throw new Error(
        `user message: the message ${replyId} to reply to is unknown in chat ${chat.id}`,
      );
    }
    // may create the topic's service message, so before taking the next message id
    const thread = this.state.threadFields(state, extra.threadId, true);
    const record: MessageRecord = {
      message_id: state.nextMessageId,
      from: user,
      chat: state.chat,
      date: extra.date ?? this.state.unixNow(),
      ...thread,
      ...content,
    };
    if (reply !== undefined) record.reply_to_message = replySnapshot(reply.record);
    this.state.storeMessage(state, record, false);
    if (this.visibleToBot(record, reply)) {
      this.state.sendUpdate({ message: asMessage(record) as Update["message"] });
    }
    return asMessage(record);
  }

  /**
   * A user writes `text` in `chat`. Entities for commands ("/start", "/start@bot"), mentions,
   * URLs and hashtags are added like Telegram does. Returns the user's message.
   */
  userSendsText(user: User, chat: Chat, text: string, extra: UserMessageExtra = {}): Message {
    const entities = extra.entities ?? detectEntities(text);
    const content: Partial<MessageRecord> = { text };
    if (entities.length > 0) content.entities = entities;
    return this.userMessage(user, chat, content, extra);
  }

  /**
   * A user taps an inline button with `data` under a message the bot sent. Throws if the message
   * is unknown/deleted or (unless `unchecked`) has no such button now. Returns the callback query
   * id, which the bot must answer with answerCallbackQuery.
   */
  userTapsButton(
    user: User,
    message: Pick<Message, "message_id" | "chat">,
    data: string,
    options: { unchecked?: boolean } = {},
  ): string {
    const state = this.state.knownChat(message.chat.id);
    const stored =
      state === undefined ? undefined : this.state.findMessage(state, message.message_id);
    if (stored === undefined) {
      throw new Error(
        `userTapsButton: message ${message.message_id} in chat ${message.chat.id} is unknown or deleted`,
      );
    }
    const buttons = stored.record.reply_markup?.inline_keyboard.flat() ?? [];
    if (
      options.unchecked !== true &&
      !buttons.some((b) => "callback_data" in b && b.callback_data === data)
    ) {
      const available = buttons.flatMap((b) => ("callback_data" in b ? [b.callback_data] : []));
      throw new Error(
        `userTapsButton: message ${message.message_id} has no button with callback_data ${JSON.stringify(data)}; it has ${JSON.stringify(available)}`,
      );
    }
    this.state.registerUser(user);
    const id = this.state.nextQueryId();
    this.state.sendUpdate({
      callback_query: {
        id,
        from: user,
        message: asMessage(stored.record),
        chat_instance: String(BigInt(message.chat.id) * 1_000_003n),
        data,
      } as Update["callback_query"],
    });
    return id;
  }

  /** A user types `@bot query`. Returns the inline query id. */
  userSendsInline(user: User, query: string): string {
    this.state.registerUser(user);
    const id = this.state.nextQueryId();
    const inline: InlineQuery = { id, from: user, query, offset: "" };
    this.state.sendUpdate({ inline_query: inline });
    return id;
  }

  /** The user blocks the bot: a my_chat_member update; later sends to them get 403. */
  userBlocksBot(user: User): void {
    this.memberChange(user, "member", "kicked");
  }

  private memberChange(user: User, from: "member" | "kicked", to: "member" | "kicked"): void {
    this.state.registerUser(user);
    const state = this.state.chatState(privateChat(user));
    state.blockedByUser = to === "kicked";
    const member = (status: "member" | "kicked") =>
      status === "kicked"
        ? { user: this.state.botUser, status, until_date: 0 }
        : { user: this.state.botUser, status };
    this.state.sendUpdate({
      my_chat_member: {
        chat: state.chat,
        from: user,
        date: this.state.unixNow(),
        old_chat_member: member(from),
        new_chat_member: member(to),
      } as Update["my_chat_member"],
    });
  }
}
