/**
 * What the emulated Telegram knows: chats, users, messages, the queue of updates for the bot and
 * its long poll, pending queries, the webhook. Tests act as users through it; the built-in
 * methods (methods.ts) read and change it.
 */
import type {
  Chat,
  InlineKeyboardMarkup,
  InlineQuery,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import { privateChat } from "./factories.js";
import { badRequest, optionalInt, type Payload } from "./payload.js";
import { detectEntities } from "./text.js";
import { BotApiError, type HandlerContext, type UserMessageExtra } from "./types.js";

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

interface PendingPoll {
  limit: number;
  finish: (updates: Update[] | BotApiError) => void;
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
  private readonly privacyMode: boolean;
  private readonly maxMessagesPerChat: number;
  private readonly keepBotMessages: number;
  private closing = false;
  private readonly chats = new Map<number, ChatState>();
  private readonly users = new Map<number, User>();
  private botMessages: StoredMessage[] = [];
  private updates: Update[] = [];
  private updatesHead = 0;
  /** The highest update id handed out so far. */
  lastUpdateId = 100_000_000;
  /** The long poll waiting for updates, if any. */
  poll: PendingPoll | undefined;
  private pollFlushScheduled = false;
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

  /** Ends a pending long poll with no updates: the emulator is closing. */
  close(): void {
    this.closing = true;
    this.poll?.finish([]);
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

  private registerUser(user: User): void {
    if (!this.users.has(user.id)) this.users.set(user.id, user);
  }

  /** The known chat a `chat_id` (number or "@username") names; "chat not found" otherwise. */
  resolveChat(raw: unknown): ChatState {
    if (raw === undefined || raw === null || raw === "") throw badRequest("chat_id is empty");
    if (typeof raw === "string" && raw.startsWith("@")) {
      const username = raw.slice(1).toLowerCase();
      for (const state of this.chats.values()) {
        if (state.chat.username?.toLowerCase() === username) return state;
      }
      throw badRequest("chat not found");
    }
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
    let id = update.update_id;
    if (id === undefined) id = ++this.lastUpdateId;
    else if (id <= this.lastUpdateId) {
      throw new Error(`update_id ${id} is not greater than the last one (${this.lastUpdateId})`);
    } else this.lastUpdateId = id;
    const full = { ...update, update_id: id } as Update;
    this.absorb(full);
    this.updates.push(full);
    this.schedulePollFlush();
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

  private nextQueryId(): string {
    return String(4_000_000_000_000_000_000n + BigInt(++this.queryCounter));
  }

  /** Would the bot receive this group message in privacy mode? */
  private visibleToBot(record: MessageRecord, explicitReply: StoredMessage | undefined): boolean {
    if (record.chat.type === "private" || record.chat.type === "channel" || !this.privacyMode) {
      return true;
    }
    const text = record.text ?? record.caption ?? "";
    if (text.startsWith("/")) return true;
    if (explicitReply?.fromBot === true) return true;
    return text.toLowerCase().includes(`@${this.botInfo.username.toLowerCase()}`);
  }

  private userMessage(
    user: User,
    chat: Chat,
    content: Partial<MessageRecord>,
    extra: UserMessageExtra,
  ): Message {
    this.registerUser(user);
    const state = this.chatState(chat);
    const replyId = typeof extra.replyTo === "number" ? extra.replyTo : extra.replyTo?.message_id;
    const reply = this.findMessage(state, replyId);
    if (replyId !== undefined && reply === undefined) {
      throw new Error(
        `user message: the message ${replyId} to reply to is unknown in chat ${chat.id}`,
      );
    }
    // may create the topic's service message, so before taking the next message id
    const thread = this.threadFields(state, extra.threadId, true);
    const record: MessageRecord = {
      message_id: state.nextMessageId,
      from: user,
      chat: state.chat,
      date: extra.date ?? this.unixNow(),
      ...thread,
      ...content,
    };
    if (reply !== undefined) record.reply_to_message = replySnapshot(reply.record);
    this.storeMessage(state, record, false);
    if (this.visibleToBot(record, reply)) {
      this.sendUpdate({ message: asMessage(record) as Update["message"] });
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
    const state = this.chats.get(message.chat.id);
    const stored = state === undefined ? undefined : this.findMessage(state, message.message_id);
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
    this.registerUser(user);
    const id = this.nextQueryId();
    this.sendUpdate({
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
    this.registerUser(user);
    const id = this.nextQueryId();
    const inline: InlineQuery = { id, from: user, query, offset: "" };
    this.sendUpdate({ inline_query: inline });
    return id;
  }

  /** The user blocks the bot: a my_chat_member update; later sends to them get 403. */
  userBlocksBot(user: User): void {
    this.memberChange(user, "member", "kicked");
  }

  private memberChange(user: User, from: "member" | "kicked", to: "member" | "kicked"): void {
    this.registerUser(user);
    const state = this.chatState(privateChat(user));
    state.blockedByUser = to === "kicked";
    const member = (status: "member" | "kicked") =>
      status === "kicked"
        ? { user: this.botUser, status, until_date: 0 }
        : { user: this.botUser, status };
    this.sendUpdate({
      my_chat_member: {
        chat: state.chat,
        from: user,
        date: this.unixNow(),
        old_chat_member: member(from),
        new_chat_member: member(to),
      } as Update["my_chat_member"],
    });
  }

  // -------------------------------------------------------------------------------------------
  // getUpdates

  /** Forgets the updates below `offset` (a negative offset keeps only the last ones). */
  confirmUpdates(offset: number): void {
    if (offset < 0) {
      this.updatesHead = Math.max(this.updatesHead, this.updates.length + offset);
    } else {
      while (
        this.updatesHead < this.updates.length &&
        (this.updates[this.updatesHead] as Update).update_id < offset
      ) {
        this.updatesHead++;
      }
    }
    if (this.updatesHead > 1024 && this.updatesHead * 2 > this.updates.length) {
      this.updates = this.updates.slice(this.updatesHead);
      this.updatesHead = 0;
    }
  }

  private availableUpdates(limit: number): Update[] {
    return this.updates.slice(this.updatesHead, this.updatesHead + limit);
  }

  private schedulePollFlush(): void {
    if (this.poll === undefined || this.pollFlushScheduled) return;
    this.pollFlushScheduled = true;
    // batch updates pushed in the same tick into one response
    setImmediate(() => {
      this.pollFlushScheduled = false;
      const poll = this.poll;
      if (poll === undefined) return;
      const updates = this.availableUpdates(poll.limit);
      if (updates.length > 0) poll.finish(updates);
    });
  }

  /**
   * getUpdates: confirms updates below `offset`, answers at once when there are updates (or
   * `timeout` is 0), otherwise waits up to `timeout` seconds. A second poll ends the first with
   * 409 Conflict, like Telegram; so does a webhook.
   */
  getUpdates(p: Payload, ctx: HandlerContext): Update[] | Promise<Update[]> {
    if (this.webhook !== undefined) {
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = optionalInt(p, "offset") ?? 0;
    const limit = Math.min(100, Math.max(1, optionalInt(p, "limit") ?? 100));
    const timeout = Math.max(0, optionalInt(p, "timeout") ?? 0);
    this.confirmUpdates(offset);
    const older = this.poll;
    if (older !== undefined) {
      this.poll = undefined;
      // Telegram answers the older request with 409. Wait a moment first: when grammY aborts a
      // poll (bot.stop()) and immediately sends a new getUpdates, the new request can arrive
      // before the old socket's close is seen; the old call must then be recorded as aborted,
      // not as a spurious conflict.
      setTimeout(
        () =>
          older.finish(
            new BotApiError(
              409,
              "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            ),
          ),
        100,
      );
    }
    const available = this.availableUpdates(limit);
    if (available.length > 0 || timeout === 0 || this.closing) return available;
    return new Promise<Update[]>((resolve, reject) => {
      let finished = false;
      const poll: PendingPoll = {
        limit,
        finish: (result) => {
          if (finished) return;
          finished = true;
          if (this.poll === poll) this.poll = undefined;
          clearTimeout(timer);
          ctx.signal.removeEventListener("abort", onAbort);
          if (result instanceof BotApiError) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => poll.finish(this.availableUpdates(limit)), timeout * 1000);
      const onAbort = () => poll.finish([]);
      ctx.signal.addEventListener("abort", onAbort);
      this.poll = poll;
    });
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

  /** The queued updates, confirmed at once (for a bot fed in process). */
  takeUpdates(): Update[] {
    const updates = this.updates.slice(this.updatesHead);
    this.confirmUpdates(this.lastUpdateId + 1);
    return updates;
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

  /** Updates not yet confirmed by the bot (via getUpdates offset). */
  get pendingUpdateCount(): number {
    return this.updates.length - this.updatesHead;
  }
}
