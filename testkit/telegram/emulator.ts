/**
 * A local emulator of the Telegram Bot API for end-to-end tests and load runs: the real bot
 * (grammY, pointed at `apiRoot`) talks HTTP to it on 127.0.0.1, tests play the users and look at
 * what the bot did.
 *
 * ```ts
 * const api = await BotApiEmulator.start();
 * const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
 * bot.on("message:text", (ctx) => ctx.reply(ctx.msg.text));
 * void bot.start({ timeout: 1 });
 * const alice = makeUser({ first_name: "Alice" });
 * const mark = api.mark();
 * api.userSendsText(alice, privateChat(alice), "hi");
 * const reply = await api.waitForMessage({ chatId: alice.id }, 5000, { since: mark });
 * await bot.stop(); // stop the bot before the emulator
 * await api.close();
 * ```
 *
 * It emulates what the bot uses, by concern:
 * - server.ts: HTTP, bodies in every encoding grammY sends, method names case-insensitive;
 * - state.ts: chats, messages, forum topics, pending queries, the webhook;
 * - users.ts: what a test's users do, as updates (group privacy mode applied);
 * - updates.ts: the update queue and getUpdates long polling (offset confirmation, 409 Conflict
 *   for a second poller);
 * - methods.ts: the methods the bot calls, with Telegram's validation and error texts (HTML
 *   parse mode, lengths, keyboards, "message is not modified", unknown query ids);
 * - faults.ts: injected failures (HTTP 5xx pages, 429, 403, dropped or held responses);
 * - waits.ts: the record of calls and waits on conditions over it.
 */
import type {
  Chat,
  InlineKeyboardMarkup,
  Message,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import { offlineBotInfo } from "../../src/bot/bot-info.js";
import { FaultInjector, faultResponse } from "./faults.js";
import { builtinMethods } from "./methods.js";
import { BotApiServer } from "./server.js";
import { TelegramState } from "./state.js";
import {
  type ApiResponse,
  BotApiError,
  type EmulatorOptions,
  type Fault,
  type FaultHandle,
  type MessageFilter,
  type MethodHandler,
  type RecordedCall,
  type UserMessageExtra,
  type WaitOptions,
} from "./types.js";
import { Users } from "./users.js";
import { CallRecorder } from "./waits.js";

export { makeGroup, makeSupergroup, makeUser, privateChat } from "./factories.js";
export {
  type ApiResponse,
  BotApiError,
  type EmulatorOptions,
  type Fault,
  type FaultHandle,
  type HandlerContext,
  type MessageFilter,
  type MethodHandler,
  type RecordedCall,
  type UserMessageExtra,
  type WaitOptions,
} from "./types.js";

/** The emulated Bot API: one HTTP server, Telegram's state, the record of calls, faults. */
export class BotApiEmulator {
  readonly token: string;
  /** What getMe returns. */
  readonly botInfo: UserFromGetMe;
  private readonly state: TelegramState;
  private readonly users: Users;
  private readonly recorder: CallRecorder;
  private readonly faults: FaultInjector;
  private readonly server: BotApiServer;
  private readonly handlers = new Map<string, MethodHandler>();
  private readonly methodNames = new Map<string, string>();
  private closed: Promise<void> | undefined;

  private constructor(options: EmulatorOptions) {
    const info = options.botInfo ?? {};
    const tokenId = options.token === undefined ? undefined : Number(options.token.split(":")[0]);
    const id =
      info.id ?? (tokenId !== undefined && Number.isSafeInteger(tokenId) ? tokenId : 7_000_000_001);
    this.botInfo = {
      ...offlineBotInfo({ id, first_name: "Test Bot", username: "test_emulated_bot" }),
      ...info,
    };
    this.token = options.token ?? `${id}:TEST-emulator-token-AAAAAAAAAAAAAAAAAAAAAA`;
    const record = options.recordCalls ?? true;
    const kept = record ? Number.POSITIVE_INFINITY : (options.keepLastCalls ?? 200);
    const canonical = (method: string) => this.canonical(method);
    this.state = new TelegramState({
      botInfo: this.botInfo,
      privacyMode: options.privacyMode ?? !this.botInfo.can_read_all_group_messages,
      maxMessagesPerChat: options.maxMessagesPerChat ?? (record ? Number.POSITIVE_INFINITY : 50),
      keepBotMessages: kept,
    });
    this.users = new Users(this.state);
    this.recorder = new CallRecorder(kept, canonical);
    this.faults = new FaultInjector(canonical);
    this.server = new BotApiServer({
      token: this.token,
      recorder: this.recorder,
      faults: this.faults,
      handlers: this.handlers,
      canonical,
      emulator: this,
    });
    const builtins = builtinMethods(this.state, { strictHtml: options.strictHtml ?? false });
    for (const [name, handler] of Object.entries(builtins)) this.handle(name, handler);
  }

  /** Starts an emulator on 127.0.0.1 with an ephemeral port. */
  static async start(options: EmulatorOptions = {}): Promise<BotApiEmulator> {
    const emulator = new BotApiEmulator(options);
    await emulator.server.listen();
    return emulator;
  }

  /**
   * An emulator without a server, for a bot in the same process: its API calls go through
   * {@link call} (a grammY transformer) and its updates come from {@link takeUpdates}.
   */
  static inProcess(options: EmulatorOptions = {}): BotApiEmulator {
    return new BotApiEmulator(options);
  }

  /**
   * Answers one call in process, exactly as over HTTP: recorded, met by a fault ("timeout"
   * delays the answer, "http" and "drop" throw) or answered by its method. Install it as the bot's last transformer:
   * `bot.api.config.use((_prev, method, payload) => api.call(method, payload))`.
   */
  async call(method: string, payload: Record<string, unknown>): Promise<ApiResponse> {
    const name = this.canonical(method);
    const recorded = this.recorder.record(name, { ...payload });
    const fault = this.faults.take(name);
    recorded.fault = fault;
    if (fault?.kind === "http" || fault?.kind === "drop") {
      // No HTTP in process: the bot sees the network error grammY would wrap as an HttpError.
      this.recorder.settle(recorded, undefined, undefined, false);
      throw new Error(`Bot API unreachable (injected ${fault.kind} fault on ${name})`);
    }
    let response = fault === undefined ? undefined : faultResponse(fault);
    if (response === undefined) {
      const handler = this.handlers.get(name);
      try {
        if (handler === undefined) throw new BotApiError(404, "Not Found: method not found");
        const result = await handler(recorded.payload as Record<string, unknown>, {
          method: name,
          call: recorded,
          signal: new AbortController().signal,
          emulator: this,
        });
        response = { ok: true, result };
      } catch (error) {
        if (!(error instanceof BotApiError)) throw error;
        response = { ok: false, error_code: error.errorCode, description: error.description };
        if (error.parameters !== undefined) response.parameters = error.parameters;
      }
      if (fault?.kind === "timeout") await new Promise((r) => setTimeout(r, fault.ms));
    }
    this.recorder.settle(recorded, response.ok ? 200 : response.error_code, response, false);
    return response;
  }

  /** The updates queued for the bot, taken off the queue (as a confirmed getUpdates would). */
  takeUpdates(): Update[] {
    return this.state.queue.take();
  }

  /** `http://127.0.0.1:PORT`, for grammY's `client.apiRoot`. */
  get apiRoot(): string {
    return this.server.url;
  }

  /**
   * Stops the server: pending long polls are answered with `[]`, held ("timeout" faulted)
   * responses are destroyed, waiters are rejected, all connections are closed. Stop the bot
   * first, otherwise grammY keeps retrying getUpdates.
   */
  close(): Promise<void> {
    if (this.closed !== undefined) return this.closed;
    this.state.queue.close();
    this.recorder.close();
    this.closed = this.server.close();
    return this.closed;
  }

  private canonical(method: string): string {
    return this.methodNames.get(method.toLowerCase()) ?? method;
  }

  /**
   * Adds or replaces the handler of a method (name matching is case-insensitive). Return the
   * result, or throw a {@link BotApiError}.
   */
  handle(method: string, handler: MethodHandler): void {
    this.methodNames.set(method.toLowerCase(), method);
    this.handlers.set(method, handler);
  }

  // Observation (waits.ts) ----------------------------------------------------------------------

  /** All recorded calls (only the last `keepLastCalls` when `recordCalls` is false). */
  get calls(): readonly RecordedCall[] {
    return this.recorder.calls;
  }

  /** Recorded calls of one method, oldest first. */
  callsTo<M extends string>(method: M): RecordedCall<M>[] {
    return this.recorder.callsTo(method);
  }

  /** The sequence number the next call will get; pass it as `since` to the waits. */
  mark(): number {
    return this.recorder.mark();
  }

  /** Number of calls per method since start (or `clearCalls()`), faulted ones included. */
  stats(): Record<string, number> {
    return this.recorder.stats();
  }

  /** Forgets recorded calls and counters (state such as messages and chats is kept). */
  clearCalls(): void {
    this.recorder.clear();
  }

  /** Calls `listener` with every call once answered; returns a function that removes it. */
  onSettled(listener: (call: RecordedCall) => void): () => void {
    return this.recorder.onSettled(listener);
  }

  /** The first call matching `predicate` (see {@link CallRecorder.waitFor}). */
  waitFor(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs = 5000,
    options: WaitOptions = {},
  ): Promise<RecordedCall> {
    return this.recorder.waitFor(predicate, timeoutMs, options);
  }

  /** Resolves once `count` calls to `method` were made in total. */
  waitForCalls<M extends string>(
    method: M,
    count: number,
    timeoutMs = 5000,
  ): Promise<RecordedCall<M>[]> {
    return this.recorder.waitForCalls(method, count, timeoutMs);
  }

  /** The first message the bot successfully sends that matches `filter`. */
  waitForMessage(
    filter: MessageFilter = {},
    timeoutMs = 5000,
    options: WaitOptions = {},
  ): Promise<Message> {
    return this.recorder.waitForMessage(filter, timeoutMs, options);
  }

  /** The bot's answerCallbackQuery for the callback query `id`. */
  waitForCallbackAnswer(
    id: string,
    timeoutMs = 10_000,
    options: WaitOptions = {},
  ): Promise<RecordedCall> {
    return this.recorder.waitForCallbackAnswer(id, timeoutMs, options);
  }

  /** Resolves once every call since `since` is answered and the bot has been quiet `quietMs`. */
  settled(since: number, quietMs = 150, timeoutMs = 10_000): Promise<void> {
    return this.recorder.settled(since, quietMs, timeoutMs);
  }

  // Faults (faults.ts) --------------------------------------------------------------------------

  /** The next `times` calls of `method` ("*": any method except getUpdates) get `fault`. */
  failNext(method: string, fault: Fault, times = 1): FaultHandle {
    return this.faults.failNext(method, fault, times);
  }

  /** Every call of `method` ("*": any except getUpdates) gets `fault` until `stop()`. */
  failWhile(method: string, fault: Fault): FaultHandle {
    return this.faults.failWhile(method, fault);
  }

  /** Removes all injected faults. */
  clearFaults(): void {
    this.faults.clear();
  }

  // Users and chats (users.ts, state.ts) ------------------------------------------------------

  /** Makes a chat known, so the bot may send to it without a user writing first. */
  registerChat(chat: Chat): void {
    this.state.registerChat(chat);
  }

  /** Creates a forum topic in a forum supergroup (as if an admin did). */
  createForumTopic(chat: Chat, name: string): { message_thread_id: number; name: string } {
    return this.state.createForumTopic(chat, name);
  }

  /** Queues a raw update for the bot (assigning `update_id` if missing) and returns it. */
  sendUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    return this.state.sendUpdate(update);
  }

  /** A user writes `text` in `chat` (commands, mentions, URLs and hashtags detected). */
  userSendsText(user: User, chat: Chat, text: string, extra: UserMessageExtra = {}): Message {
    return this.users.userSendsText(user, chat, text, extra);
  }

  /** A user taps the button with `data` under a bot message; returns the callback query id. */
  userTapsButton(
    user: User,
    message: Pick<Message, "message_id" | "chat">,
    data: string,
    options: { unchecked?: boolean } = {},
  ): string {
    return this.users.userTapsButton(user, message, data, options);
  }

  /** A user types `@bot query`; returns the inline query id. */
  userSendsInline(user: User, query: string): string {
    return this.users.userSendsInline(user, query);
  }

  /** The user blocks the bot: a my_chat_member update; later sends to them get 403. */
  userBlocksBot(user: User): void {
    this.users.userBlocksBot(user);
  }

  /**
   * A message of the bot's that was sent before the test began (no call is recorded), e.g. one
   * a user replies to or taps a button under.
   */
  earlierBotMessage(chat: Chat, text: string, markup?: InlineKeyboardMarkup): Message {
    return this.state.earlierBotMessage(chat, text, markup);
  }

  /** Messages the bot has sent (after edits), oldest first, optionally in one chat. */
  sentMessages(chatId?: number, options: { includeDeleted?: boolean } = {}): Message[] {
    return this.state.sentMessages(chatId, options);
  }

  /** Updates not yet confirmed by the bot (via getUpdates offset). */
  get pendingUpdateCount(): number {
    return this.state.queue.pending;
  }
}
