/**
 * What the emulated Telegram knows: chats, users, messages, the queue of updates for the bot and
 * its long poll, pending queries, the webhook. Tests act as users through it; the built-in
 * methods (methods.ts) read and change it.
 */
import type {
  Chat,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import { badRequest } from "./payload.js";
import { UpdateQueue } from "./updates.js";

/** A message as stored: Telegram's fields, loosely typed so every kind fits. */
export interface MessageRecord {
  message_id: number;
  from?: User;
  chat: Chat;
  date: number;
  message_thread_id?: number;
  is_topic_message?: boolean;
  reply_to_message?: Message;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  reply_markup?: InlineKeyboardMarkup;
  [field: string]: unknown;
}

/** A message and who sent it. */
export interface StoredMessage {
  record: MessageRecord;
  fromBot: boolean;
  deleted: boolean;
}

/** One chat: its messages and forum topics, and whether its user blocked the bot. */
export interface ChatState {
  chat: Chat;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  topics: Map<number, { name: string; creation: StoredMessage }>;
  blockedByUser: boolean;
}

const MAX_PENDING_QUERIES = 10_000;

/** The message as the Bot API shows it. */
export function asMessage(record: MessageRecord): Message {
  return { ...record } as unknown as Message;
}

/** A copy suitable for `reply_to_message` (Telegram never nests replies further). */
export function replySnapshot(record: MessageRecord): Message {
  const { reply_to_message: _ignored, ...rest } = record;
  return { ...rest } as unknown as Message;
}

/** How the emulated Telegram behaves. */
export interface StateOptions {
  readonly botInfo: UserFromGetMe;
  /** Group privacy mode: in groups the bot only sees commands, replies to it and mentions. */
  readonly privacyMode: boolean;
  /** Messages kept per chat. */
  readonly maxMessagesPerChat: number;
  /** Bot messages kept overall, for `sentMessages()`. */
  readonly keepBotMessages: number;
}

/** Chats, messages, updates and queries of the emulated Telegram. */
export class TelegramState {
  readonly botInfo: UserFromGetMe;
  readonly botUser: User;
  /** Group privacy mode: in groups the bot only sees commands, replies to it and mentions. */
  readonly privacyMode: boolean;
  private readonly maxMessagesPerChat: number;
  private readonly keepBotMessages: number;
  private readonly chats = new Map<number, ChatState>();
  private readonly users = new Map<number, User>();
  private botMessages: StoredMessage[] = [];
  /** The updates for the bot, and its long poll. */
  readonly queue = new UpdateQueue();
  /** The webhook set with setWebhook; getUpdates is refused while there is one. */
  webhook: { url: string; allowedUpdates?: unknown } | undefined;
  /** Callback and inline queries the bot may still answer. */
  readonly pendingCallbackQueries = new Map<string, string>();
  readonly pendingInlineQueries = new Map<string, string>();
  private queryCounter = 0;
  private fileCounter = 0;

  constructor(options: StateOptions) {
    this.botInfo = options.botInfo;
    this.botUser = {
      id: this.botInfo.id,
      is_bot: true,
      first_name: this.botInfo.first_name,
      username: this.botInfo.username,
    };
    this.privacyMode = options.privacyMode;
    this.maxMessagesPerChat = options.maxMessagesPerChat;
    this.keepBotMessages = options.keepBotMessages;
  }

  /** The chat with this id, if known. */
  knownChat(id: number): ChatState | undefined {
    return this.chats.get(id);
  }

  /** Makes a chat known, so the bot may send to it without a user writing first. */
  registerChat(chat: Chat): void {
    this.chatState(chat);
  }

  /** The state of `chat`, made known if it was not. */
  chatState(chat: Chat): ChatState {
    let state = this.chats.get(chat.id);
    if (state === undefined) {
      state = {
        chat: { ...chat },
        nextMessageId: 1,
        messages: new Map(),
        topics: new Map(),
        blockedByUser: false,
      };
      this.chats.set(chat.id, state);
    }
    return state;
  }

  /** Makes a user known. */
  registerUser(user: User): void {
    if (!this.users.has(user.id)) this.users.set(user.id, user);
  }

  /** The known chat a numeric `chat_id` names; "chat not found" otherwise. */
  resolveChat(raw: unknown): ChatState {
    if (raw === undefined || raw === null || raw === "") throw badRequest("chat_id is empty");
    const id = typeof raw === "number" ? raw : Number(raw);
    const state = Number.isFinite(id) ? this.chats.get(id) : undefined;
    if (state === undefined) throw badRequest("chat not found");
    return state;
  }

  /** Keeps a message (bounded per chat), the bot's also in the list of sent messages. */
  storeMessage(state: ChatState, record: MessageRecord, fromBot: boolean): StoredMessage {
    const stored: StoredMessage = { record, fromBot, deleted: false };
    state.messages.set(record.message_id, stored);
    if (record.message_id >= state.nextMessageId) state.nextMessageId = record.message_id + 1;
    if (state.messages.size > this.maxMessagesPerChat) {
      const oldest = state.messages.keys().next();
      if (oldest.done !== true) state.messages.delete(oldest.value);
    }
    if (fromBot) {
      this.botMessages.push(stored);
      if (this.botMessages.length > this.keepBotMessages * 2) {
        this.botMessages = this.botMessages.slice(-this.keepBotMessages);
      }
    }
    return stored;
  }

  /**
   * Creates a forum topic in a forum supergroup (as if an admin did) and returns its thread id.
   * The "forum_topic_created" service message gets message_id = message_thread_id.
   */
  createForumTopic(chat: Chat, name: string): { message_thread_id: number; name: string } {
    const state = this.chatState(chat);
    const id = state.nextMessageId;
    const record: MessageRecord = {
      message_id: id,
      from: this.botUser,
      chat: state.chat,
      date: this.unixNow(),
      message_thread_id: id,
      is_topic_message: true,
      forum_topic_created: { name, icon_color: 7322096 },
    };
    const stored = this.storeMessage(state, record, false);
    state.topics.set(id, { name, creation: stored });
    return { message_thread_id: id, name };
  }

  /** Now, in Unix seconds as message dates are. */
  unixNow(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** message_thread_id / is_topic_message / implicit reply_to_message for forum topics. */
  threadFields(
    state: ChatState,
    threadId: number | undefined,
    createIfMissing: boolean,
  ): Partial<MessageRecord> {
    if (threadId === undefined) return {};
    const chat = state.chat;
    if (chat.type === "supergroup" && chat.is_forum === true) {
      let topic = state.topics.get(threadId);
      if (topic === undefined) {
        if (!createIfMissing) throw badRequest("message thread not found");
        const record: MessageRecord = {
          message_id: threadId,
          from: this.botUser,
          chat,
          date: this.unixNow(),
          message_thread_id: threadId,
          is_topic_message: true,
          forum_topic_created: { name: `Topic ${threadId}`, icon_color: 7322096 },
        };
        topic = { name: `Topic ${threadId}`, creation: this.storeMessage(state, record, false) };
        state.topics.set(threadId, topic);
      }
      return {
        message_thread_id: threadId,
        is_topic_message: true,
        reply_to_message: replySnapshot(topic.creation.record),
      };
    }
    return { message_thread_id: threadId };
  }

  /** A message of the chat that is not deleted. */
  findMessage(state: ChatState, messageId: number | undefined): StoredMessage | undefined {
    if (messageId === undefined) return undefined;
    const stored = state.messages.get(messageId);
    return stored === undefined || stored.deleted ? undefined : stored;
  }

  /** A fresh file_id and file_unique_id, shaped like Telegram's. */
  newFileId(prefix: string): { file_id: string; file_unique_id: string } {
    const n = ++this.fileCounter;
    return {
      file_id: `${prefix}ACAgIAAxkBAAE${n.toString(36).padStart(8, "0")}emu`,
      file_unique_id: `AgAD${n.toString(36).padStart(6, "0")}`,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Updates

  /**
   * Queues a raw update for the bot (assigning `update_id` if missing) and returns it. Chats,
   * users and messages in it become known; callback/inline query ids become answerable.
   */
  sendUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const full = { ...update, update_id: this.queue.nextId(update.update_id) } as Update;
    this.absorb(full);
    this.queue.push(full);
    return full;
  }

  private absorb(update: Update): void {
    for (const message of [update.message, update.edited_message, update.channel_post]) {
      if (message === undefined) continue;
      const state = this.chatState(message.chat);
      if (message.from !== undefined) this.registerUser(message.from);
      if (!state.messages.has(message.message_id)) {
        this.storeMessage(state, { ...(message as unknown as MessageRecord) }, false);
      }
    }
    const callback = update.callback_query;
    if (callback !== undefined) {
      this.registerUser(callback.from);
      this.rememberQuery(this.pendingCallbackQueries, callback.id);
    }
    const inline = update.inline_query;
    if (inline !== undefined) {
      this.registerUser(inline.from);
      this.rememberQuery(this.pendingInlineQueries, inline.id);
    }
    const member = update.my_chat_member;
    if (member !== undefined) this.chatState(member.chat);
  }

  private rememberQuery(map: Map<string, string>, id: string): void {
    map.set(id, id);
    if (map.size > MAX_PENDING_QUERIES) {
      const oldest = map.keys().next();
      if (oldest.done !== true) map.delete(oldest.value);
    }
  }

  /** A fresh callback or inline query id. */
  nextQueryId(): string {
    return String(4_000_000_000_000_000_000n + BigInt(++this.queryCounter));
  }

  /**
   * Messages the bot has sent (current state, i.e. after edits), oldest first, optionally for one
   * chat. Deleted ones are left out unless `includeDeleted`. With `recordCalls: false` only the
   * retained messages are returned (per chat: `maxMessagesPerChat`; overall: `keepLastCalls`).
   */
  sentMessages(chatId?: number, options: { includeDeleted?: boolean } = {}): Message[] {
    const source =
      chatId === undefined
        ? this.botMessages
        : [...(this.chats.get(chatId)?.messages.values() ?? [])];
    const out: Message[] = [];
    for (const stored of source) {
      if (!stored.fromBot || (stored.deleted && options.includeDeleted !== true)) continue;
      out.push(asMessage(stored.record));
    }
    return out;
  }

  /** Stores a message of the bot's in `chat` without a call, as if sent earlier. */
  earlierBotMessage(chat: Chat, text: string, markup?: InlineKeyboardMarkup): Message {
    const state = this.chatState(chat);
    const record: MessageRecord = {
      message_id: state.nextMessageId,
      from: this.botUser,
      chat: state.chat,
      date: this.unixNow(),
      text,
    };
    if (markup !== undefined) record.reply_markup = markup;
    this.storeMessage(state, record, true);
    return asMessage(record);
  }
}
