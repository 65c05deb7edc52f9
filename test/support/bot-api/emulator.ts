/**
 * A local emulator of the Telegram Bot API for end-to-end tests: the real bot (grammY, pointed at
 * `client.apiRoot`) talks HTTP to it on 127.0.0.1, tests play the users and look at what the bot
 * did.
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
 * What is emulated (see the method docs for details):
 * - `POST|GET {apiRoot}/bot{token}/{method}` with JSON, x-www-form-urlencoded, multipart/form-data
 *   or query-string parameters; method names are case-insensitive, like Telegram's.
 * - getUpdates long polling with offset confirmation, limit and timeout (fractional seconds are
 *   accepted, which keeps tests fast); a second concurrent getUpdates terminates the first one
 *   with 409 Conflict and getUpdates while a webhook is set gives 409, like Telegram.
 * - Messages, edits, deletions, callback and inline queries with Telegram's validation and error
 *   texts where tests care about them (HTML/MarkdownV2 parsing, lengths, button data, "message is
 *   not modified", unknown query ids, …). Unknown chats give "Bad Request: chat not found": chats
 *   become known when a simulated user writes in them or via {@link BotApiEmulator.registerChat}.
 * - Group privacy mode (on unless `botInfo.can_read_all_group_messages` is true): in groups the bot
 *   only gets messages starting with "/", replies to its own messages and messages mentioning it.
 * - Fault injection, call recording with bounded memory, and waiting helpers.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type {
  ApiMethods,
  Chat,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InlineQuery,
  Message,
  MessageEntity,
  Opts,
  ResponseParameters,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import { offlineBotInfo } from "../../../src/bot/bot-info.js";
import { privateChat } from "./factories.js";
import {
  detectEntities,
  type FormattedText,
  ParseEntitiesError,
  parseHtml,
  parseMarkdown,
  parseMarkdownV2,
  trimFormatted,
} from "./text.js";

export { makeGroup, makeSupergroup, makeUser, privateChat } from "./factories.js";

// ---------------------------------------------------------------------------------------------
// Public types

/** A fault to inject instead of (or in addition to) the normal answer to a call. */
export type Fault =
  /** The proxy in front of the Bot API fails: HTTP 500/502 with an nginx HTML page (no JSON). */
  | { kind: "http"; status: 500 | 502 }
  /** Flood control: 429 `Too Many Requests: retry after N`, `parameters.retry_after = N`. */
  | { kind: "retryAfter"; seconds: number }
  /** 403 `Forbidden: bot was blocked by the user`. */
  | { kind: "blocked" }
  /** 400 `Bad Request: message is not modified: …`. */
  | { kind: "notModified" }
  /** Any JSON error, e.g. `{ code: 500, description: "Internal Server Error" }`. */
  | { kind: "error"; code: number; description: string; parameters?: ResponseParameters }
  /**
   * The call is executed at once (its side effects happen, e.g. the message is sent), but the
   * response is held back for `ms` (`Infinity`: never sent; the socket is destroyed by `close()`).
   */
  | { kind: "timeout"; ms: number }
  /** The socket is destroyed without any response; the call is not executed. */
  | { kind: "drop" };

/** Handle returned by {@link BotApiEmulator.failNext} / {@link BotApiEmulator.failWhile}. */
export interface FaultHandle {
  /** Deactivates the fault (calls already being faulted are not affected). */
  stop(): void;
  /** Number of calls this fault has been applied to so far. */
  readonly hits: number;
  /** False once stopped or (for failNext) used up. */
  readonly active: boolean;
}

export type ApiResponse<T = unknown> =
  | { ok: true; result: T }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

type MethodName = keyof ApiMethods;
type PayloadOf<M extends string> = M extends MethodName ? Opts<M> : Record<string, unknown>;
type ResultOf<M extends string> = M extends MethodName ? ReturnType<ApiMethods[M]> : unknown;

/** One HTTP call the bot made, as recorded by the emulator. */
export interface RecordedCall<M extends string = string> {
  /** Sequence number: 0 for the first call of this emulator, never reused (see `mark()`). */
  readonly seq: number;
  /** Canonical method name ("sendMessage" even if the bot wrote "sendmessage"). */
  readonly method: M;
  /** Parsed parameters. Form-encoded bodies keep strings (JSON-looking values are parsed). */
  readonly payload: PayloadOf<M>;
  /** `Date.now()` when the request arrived. */
  readonly at: number;
  /** The JSON sent back; undefined while pending, for "http"/"drop" faults and unsent answers. */
  response: ApiResponse<ResultOf<M>> | undefined;
  /** HTTP status sent; undefined while pending, when dropped or when the client went away. */
  status: number | undefined;
  /** The injected fault, if any. */
  fault: Fault | undefined;
  /** `Date.now()` when the call was answered (or dropped/aborted); undefined while pending. */
  settledAt: number | undefined;
  /** True if the client closed the connection before the answer was sent (e.g. `bot.stop()`). */
  aborted: boolean;
}

export interface EmulatorOptions {
  /** Bot token; default `${botInfo.id}:TEST-…`. Requests with another token get 401. */
  token?: string;
  /** Overrides for getMe. */
  botInfo?: Partial<UserFromGetMe>;
  /**
   * Record every call (default true). With false only the last `keepLastCalls` calls, the
   * counters of `stats()` and the last `maxMessagesPerChat` messages per chat are kept, so memory
   * stays bounded in long load runs.
   */
  recordCalls?: boolean;
  /** Calls kept when `recordCalls` is false (default 200). */
  keepLastCalls?: number;
  /** Messages kept per chat (default: unlimited, or 50 when `recordCalls` is false). */
  maxMessagesPerChat?: number;
  /** Group privacy mode; default `!botInfo.can_read_all_group_messages` (i.e. on). */
  privacyMode?: boolean;
  /**
   * Reject a bare `&` in HTML texts (one that does not start `&lt;` `&gt;` `&amp;` `&quot;` or a
   * numeric reference). Telegram itself keeps such an `&` literally, so this is off by default;
   * turn it on to catch missing escaping (user text like "Q&amp;A" would otherwise be shown as
   * "Q&A").
   */
  strictHtml?: boolean;
  /** Clock in milliseconds (default `Date.now`), used for message dates. */
  now?: () => number;
}

export interface WaitOptions {
  /**
   * Also consider calls with `seq >= since` that were recorded before the wait started (take the
   * number from `mark()`). Without it only calls recorded after `waitFor` was called count.
   * A call is offered to the predicate when it is recorded and again when it is answered
   * (long polls, "timeout" faults), so predicates may look at `response`.
   */
  since?: number;
  /** Shown in the timeout error instead of the predicate's source. */
  description?: string;
}

export interface MessageFilter {
  chatId?: number;
  /** Exact text/caption, or a pattern it must match. */
  text?: string | RegExp;
  /** Methods that count as "sending a message" (default: sendMessage, sendPhoto, sendDocument). */
  methods?: readonly string[];
}

export interface UserMessageExtra {
  /** The message replied to (a `Message` or its id in the same chat). */
  replyTo?: Message | number;
  /** Forum topic (sets `message_thread_id`, `is_topic_message`). */
  threadId?: number;
  /** Explicit entities; by default commands, mentions, URLs and hashtags are detected. */
  entities?: MessageEntity[];
  /** Unix time in seconds; default now. */
  date?: number;
}

/** Context passed to method handlers (built-in or added with `handle()`). */
export interface HandlerContext {
  readonly method: string;
  readonly call: RecordedCall;
  /** Aborted when the client disconnects or the emulator closes. */
  readonly signal: AbortSignal;
  readonly emulator: BotApiEmulator;
}

export type MethodHandler = (
  payload: Record<string, unknown>,
  ctx: HandlerContext,
) => unknown | Promise<unknown>;

/** Throw this from a handler to answer with `{ ok: false, error_code, description }`. */
export class BotApiError extends Error {
  override readonly name = "BotApiError";
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }
}

// ---------------------------------------------------------------------------------------------
// Internals

type Payload = Record<string, unknown>;

interface MessageRecord {
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

interface StoredMessage {
  record: MessageRecord;
  fromBot: boolean;
  deleted: boolean;
}

interface ChatState {
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

interface FaultEntry {
  method: string;
  fault: Fault;
  remaining: number;
  hits: number;
  active: boolean;
}

interface Waiter {
  minSeq: number;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
}

const TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid";
const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);
const BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];
const DEFAULT_SEND_METHODS = ["sendMessage", "sendPhoto", "sendDocument"];
const MAX_PENDING_QUERIES = 10_000;

function htmlErrorPage(status: 500 | 502): string {
  const title = status === 500 ? "500 Internal Server Error" : "502 Bad Gateway";
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`;
}

function badRequest(description: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${description}`);
}

function maybeJson(value: string): unknown {
  const first = value.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function optionalInt(p: Payload, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw badRequest(`field "${key}" must be a number`);
  return n;
}

function optionalString(p: Payload, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw badRequest(`field "${key}" must be of type String`);
}

function optionalJson(p: Payload, key: string): unknown {
  const v = p[key];
  return typeof v === "string" ? maybeJson(v) : v;
}

function isTrue(v: unknown): boolean {
  return v === true || v === "true" || v === "True" || v === 1 || v === "1";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asMessage(record: MessageRecord): Message {
  return { ...record } as unknown as Message;
}

/** A copy suitable for `reply_to_message` (Telegram never nests replies further). */
function replySnapshot(record: MessageRecord): Message {
  const { reply_to_message: _ignored, ...rest } = record;
  return { ...rest } as unknown as Message;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function parseMultipart(body: Buffer, boundary: string): Payload {
  const result: Payload = {};
  const files = new Map<string, { filename: string; size: number; content_type: string }>();
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body[start] === 45 && body[start + 1] === 45) break; // closing "--"
    if (body[start] === 13) start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, Math.max(start, next - 2));
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
      const contentType = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1] ?? "";
      if (name !== undefined) {
        if (filename !== null) {
          files.set(name, {
            filename: filename[1] ?? filename[2] ?? "",
            size: content.length,
            content_type: contentType,
          });
        } else {
          result[name] = maybeJson(content.toString("utf8"));
        }
      }
    }
    pos = next;
  }
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const file = files.get(value.slice(9));
      if (file !== undefined) result[key] = { uploaded: file };
    }
  }
  return result;
}

class CallLog {
  private items: RecordedCall[] = [];
  private start = 0;
  constructor(private readonly capacity: number) {}
  push(call: RecordedCall): void {
    if (this.items.length < this.capacity) this.items.push(call);
    else {
      this.items[this.start] = call;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  toArray(): readonly RecordedCall[] {
    if (this.start === 0) return this.items;
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
  clear(): void {
    this.items = [];
    this.start = 0;
  }
}

function describeCall(call: RecordedCall): string {
  let payload = JSON.stringify(call.payload) ?? "{}";
  if (payload.length > 160) payload = `${payload.slice(0, 157)}...`;
  let outcome: string;
  if (call.fault !== undefined) outcome = `fault ${JSON.stringify(call.fault)}`;
  else if (call.response === undefined) outcome = call.aborted ? "aborted" : "pending";
  else if (call.response.ok) outcome = `${call.status} ok`;
  else outcome = `${call.status} ${call.response.description}`;
  return `  #${call.seq} ${call.method} ${payload} -> ${outcome}`;
}

// ---------------------------------------------------------------------------------------------

export class BotApiEmulator {
  readonly token: string;
  /** What getMe returns. */
  readonly botInfo: UserFromGetMe;
  private readonly botUser: User;
  private readonly server: http.Server;
  private port = 0;
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly privacyMode: boolean;
  private readonly maxMessagesPerChat: number;
  private readonly strictHtml: boolean;

  // recording
  private readonly log: CallLog;
  private readonly keepBotMessages: number;
  private nextSeq = 0;
  private readonly counters = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly settledListeners = new Set<(call: RecordedCall) => void>();
  private readonly countWaiters = new Set<() => void>();

  // faults
  private nextFaults: FaultEntry[] = [];
  private whileFaults: FaultEntry[] = [];
  private readonly held = new Set<http.ServerResponse>();

  // Bot API state
  private readonly handlers = new Map<string, MethodHandler>();
  private readonly methodNames = new Map<string, string>();
  private readonly chats = new Map<number, ChatState>();
  private readonly users = new Map<number, User>();
  private botMessages: StoredMessage[] = [];
  private updates: Update[] = [];
  private updatesHead = 0;
  private lastUpdateId = 100_000_000;
  private poll: PendingPoll | undefined;
  private pollFlushScheduled = false;
  private webhook: { url: string; allowedUpdates?: unknown } | undefined;
  private readonly pendingCallbackQueries = new Map<string, string>();
  private readonly pendingInlineQueries = new Map<string, string>();
  private queryCounter = 0;
  private fileCounter = 0;
  private readonly commands = new Map<string, unknown[]>();
  private readonly menuButtons = new Map<string, unknown>();
  private readonly botTexts = new Map<string, string>();

  private constructor(options: EmulatorOptions) {
    const info = options.botInfo ?? {};
    const tokenId = options.token === undefined ? undefined : Number(options.token.split(":")[0]);
    const id =
      info.id ?? (tokenId !== undefined && Number.isSafeInteger(tokenId) ? tokenId : 7_000_000_001);
    this.botInfo = {
      ...offlineBotInfo({ id, first_name: "Test Bot", username: "test_emulated_bot" }),
      ...info,
    };
    this.botUser = {
      id: this.botInfo.id,
      is_bot: true,
      first_name: this.botInfo.first_name,
      username: this.botInfo.username,
    };
    this.token = options.token ?? `${id}:TEST-emulator-token-AAAAAAAAAAAAAAAAAAAAAA`;
    this.now = options.now ?? Date.now;
    this.strictHtml = options.strictHtml ?? false;
    this.privacyMode = options.privacyMode ?? !this.botInfo.can_read_all_group_messages;
    const record = options.recordCalls ?? true;
    this.log = new CallLog(record ? Number.POSITIVE_INFINITY : (options.keepLastCalls ?? 200));
    this.keepBotMessages = record ? Number.POSITIVE_INFINITY : (options.keepLastCalls ?? 200);
    this.maxMessagesPerChat =
      options.maxMessagesPerChat ?? (record ? Number.POSITIVE_INFINITY : 50);
    this.server = http.createServer(
      { keepAlive: true, noDelay: true, requestTimeout: 0 },
      (req, res) => this.onRequest(req, res),
    );
    // Never close idle keep-alive sockets: a client (grammY's agent) reusing a socket exactly when
    // the server times it out would see a spurious "socket hang up".
    this.server.keepAliveTimeout = 0;
    this.installBuiltins();
  }

  /** Starts an emulator on 127.0.0.1 with an ephemeral port. */
  static async start(options: EmulatorOptions = {}): Promise<BotApiEmulator> {
    const emulator = new BotApiEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once("error", reject);
      emulator.server.listen(0, "127.0.0.1", () => {
        emulator.server.off("error", reject);
        resolve();
      });
    });
    emulator.port = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  /** `http://127.0.0.1:PORT`, for grammY's `client.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Stops the server: pending long polls are answered with `[]`, held ("timeout" faulted)
   * responses are destroyed, waiters are rejected, all connections are closed. Stop the bot
   * first (`await bot.stop()`), otherwise grammY keeps retrying getUpdates every 3 s.
   */
  close(): Promise<void> {
    if (this.closed !== undefined) return this.closed;
    this.closing = true;
    this.poll?.finish([]);
    for (const res of this.held) res.destroy();
    this.held.clear();
    for (const waiter of this.waiters) {
      waiter.reject(new Error("BotApiEmulator was closed while waiting"));
    }
    this.waiters.clear();
    for (const wake of this.countWaiters) wake();
    this.closed = new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), 50).unref();
    });
    return this.closed;
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("error", () => {}); // client went away mid-request; nothing to answer
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        this.dispatch(
          req,
          res,
          chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        );
      } catch (error) {
        this.sendJson(res, 500, {
          ok: false,
          error_code: 500,
          description: `Internal Server Error: ${String(error)}`,
        });
      }
    });
  }

  private sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) return;
    const json = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
    });
    res.end(json);
  }

  private parseBody(req: http.IncomingMessage, body: Buffer, query: URLSearchParams): Payload {
    const payload: Payload = {};
    for (const [key, value] of query) payload[key] = maybeJson(value);
    if (body.length === 0) return payload;
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    if (type.startsWith("application/json")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        throw badRequest("can't parse JSON object");
      }
      if (!isObject(parsed)) throw badRequest("JSON object expected");
      return Object.assign(payload, parsed);
    }
    if (type.startsWith("application/x-www-form-urlencoded")) {
      for (const [key, value] of new URLSearchParams(body.toString("utf8"))) {
        payload[key] = maybeJson(value);
      }
      return payload;
    }
    if (type.startsWith("multipart/form-data")) {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
      const value = boundary?.[1] ?? boundary?.[2];
      if (value === undefined) throw badRequest("multipart boundary is missing");
      return Object.assign(payload, parseMultipart(body, value.trim()));
    }
    throw badRequest(`unsupported content type ${type}`);
  }

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (match === null) {
      this.sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const token = decodeURIComponent(match[1] as string);
    const rawMethod = match[2] as string;
    const method = this.methodNames.get(rawMethod.toLowerCase()) ?? rawMethod;
    let payload: Payload;
    let parseError: BotApiError | undefined;
    try {
      payload = this.parseBody(req, body, url.searchParams);
    } catch (error) {
      payload = {};
      parseError = error instanceof BotApiError ? error : badRequest(String(error));
    }
    const call = this.record(method, payload);
    if (token !== this.token) {
      this.answer(res, call, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    if (parseError !== undefined) {
      this.answer(res, call, this.errorResponse(parseError));
      return;
    }
    const fault = this.takeFault(method);
    if (fault !== undefined) {
      call.fault = fault;
      this.applyFault(req, res, call, fault);
      return;
    }
    this.execute(res, call, (response) => this.answer(res, call, response));
  }

  /** Runs the handler; `done` gets the response (synchronously unless the handler is async). */
  private execute(
    res: http.ServerResponse,
    call: RecordedCall,
    done: (response: ApiResponse) => void,
  ): void {
    const handler = this.handlers.get(call.method);
    if (handler === undefined) {
      done({ ok: false, error_code: 404, description: "Not Found: method not found" });
      return;
    }
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.once("close", onClose);
    let result: unknown;
    try {
      result = handler(call.payload as Payload, {
        method: call.method,
        call,
        signal: controller.signal,
        emulator: this,
      });
    } catch (error) {
      done(this.errorResponse(error));
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (value: unknown) => done({ ok: true, result: value }),
        (error: unknown) => done(this.errorResponse(error)),
      );
    } else {
      done({ ok: true, result });
    }
  }

  private errorResponse(error: unknown): ApiResponse {
    if (error instanceof BotApiError) {
      const response: ApiResponse = {
        ok: false,
        error_code: error.errorCode,
        description: error.description,
      };
      if (error.parameters !== undefined) response.parameters = error.parameters;
      return response;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { ok: false, error_code: 500, description: `Internal Server Error: ${message}` };
  }

  private answer(res: http.ServerResponse, call: RecordedCall, response: ApiResponse): void {
    const status = response.ok ? 200 : response.error_code;
    if (res.destroyed || res.writableEnded) {
      this.settle(call, undefined, response, true);
      return;
    }
    this.sendJson(res, status, response);
    this.settle(call, status, response, false);
  }

  private applyFault(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    call: RecordedCall,
    fault: Fault,
  ): void {
    switch (fault.kind) {
      case "http": {
        if (res.destroyed) {
          this.settle(call, undefined, undefined, true);
          return;
        }
        const page = htmlErrorPage(fault.status);
        res.writeHead(fault.status, {
          "content-type": "text/html",
          "content-length": Buffer.byteLength(page),
        });
        res.end(page);
        this.settle(call, fault.status, undefined, false);
        return;
      }
      case "retryAfter":
        this.answer(res, call, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${fault.seconds}`,
          parameters: { retry_after: fault.seconds },
        });
        return;
      case "blocked":
        this.answer(res, call, {
          ok: false,
          error_code: 403,
          description: "Forbidden: bot was blocked by the user",
        });
        return;
      case "notModified":
        this.answer(res, call, { ok: false, error_code: 400, description: NOT_MODIFIED });
        return;
      case "error": {
        const response: ApiResponse = {
          ok: false,
          error_code: fault.code,
          description: fault.description,
        };
        if (fault.parameters !== undefined) response.parameters = fault.parameters;
        this.answer(res, call, response);
        return;
      }
      case "drop":
        req.socket.destroy();
        this.settle(call, undefined, undefined, false);
        return;
      case "timeout": {
        this.held.add(res);
        this.execute(res, call, (response) => {
          if (fault.ms === Number.POSITIVE_INFINITY) {
            // never answered; close() destroys the socket
            res.once("close", () => {
              this.held.delete(res);
              this.settle(call, undefined, response, true);
            });
            return;
          }
          const timer = setTimeout(() => {
            this.held.delete(res);
            this.answer(res, call, response);
          }, fault.ms);
          res.once("close", () => {
            if (!res.writableFinished) {
              clearTimeout(timer);
              this.held.delete(res);
              this.settle(call, undefined, response, true);
            }
          });
        });
        return;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Recording and observation

  private record(method: string, payload: Payload): RecordedCall {
    const call: RecordedCall = {
      seq: this.nextSeq++,
      method,
      payload: payload as RecordedCall["payload"],
      at: Date.now(),
      response: undefined,
      status: undefined,
      fault: undefined,
      settledAt: undefined,
      aborted: false,
    };
    this.log.push(call);
    this.counters.set(method, (this.counters.get(method) ?? 0) + 1);
    // Synchronously answered calls are offered to waiters once, when settled (same tick).
    queueMicrotask(() => {
      if (call.settledAt === undefined) this.notify(call);
    });
    if (this.countWaiters.size > 0) for (const wake of this.countWaiters) wake();
    return call;
  }

  /** Resolves with the bot's answerCallbackQuery for the callback query `id`. */
  waitForCallbackAnswer(
    id: string,
    timeoutMs = 10_000,
    options: WaitOptions = {},
  ): Promise<RecordedCall> {
    return this.waitFor(
      (c) =>
        c.method === "answerCallbackQuery" &&
        (c.payload as { callback_query_id?: string }).callback_query_id === id,
      timeoutMs,
      { description: `the answer to callback query ${id}`, ...options },
    );
  }

  /**
   * Calls `listener` with every call once it is answered (for load tests that time replies
   * without keeping every call). Returns a function that removes the listener.
   */
  onSettled(listener: (call: RecordedCall) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  private settle(
    call: RecordedCall,
    status: number | undefined,
    response: ApiResponse | undefined,
    aborted: boolean,
  ): void {
    if (call.settledAt !== undefined) return;
    call.status = status;
    call.response = response as RecordedCall["response"];
    call.aborted = aborted;
    call.settledAt = Date.now();
    for (const listener of this.settledListeners) listener(call);
    this.notify(call);
  }

  private notify(call: RecordedCall): void {
    if (this.waiters.size === 0) return;
    for (const waiter of this.waiters) {
      if (call.seq < waiter.minSeq) continue;
      let matched: boolean;
      try {
        matched = waiter.predicate(call);
      } catch (error) {
        this.waiters.delete(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matched) {
        this.waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  }

  /** All recorded calls (only the last `keepLastCalls` when `recordCalls` is false). */
  get calls(): readonly RecordedCall[] {
    return this.log.toArray();
  }

  /** Recorded calls of one method, oldest first. */
  callsTo<M extends string>(method: M): RecordedCall<M>[] {
    const name = this.methodNames.get(method.toLowerCase()) ?? method;
    return this.log.toArray().filter((c) => c.method === name) as unknown as RecordedCall<M>[];
  }

  /** The sequence number the next call will get; pass it as `since` to `waitFor`. */
  mark(): number {
    return this.nextSeq;
  }

  /** Number of calls per method since start (or `clearCalls()`), faulted ones included. */
  stats(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  /** Total number of calls since start (or `clearCalls()`). */
  get totalCalls(): number {
    let total = 0;
    for (const n of this.counters.values()) total += n;
    return total;
  }

  /** Forgets recorded calls and counters (state such as messages and chats is kept). */
  clearCalls(): void {
    this.log.clear();
    this.counters.clear();
  }

  /**
   * Resolves with the first call matching `predicate`. By default only calls recorded after this
   * call count; with `{ since: mark }` also earlier ones with `seq >= mark` (checked right away).
   * A call is offered when recorded and again when answered. Rejects after `timeoutMs` with a
   * list of the calls seen meanwhile (getUpdates calls are only counted).
   */
  async waitFor(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs = 5000,
    options: WaitOptions = {},
  ): Promise<RecordedCall> {
    const minSeq = options.since ?? this.nextSeq;
    for (const call of this.log.toArray()) {
      if (call.seq >= minSeq && predicate(call)) return call;
    }
    if (this.closing) throw new Error("BotApiEmulator is closed");
    return new Promise<RecordedCall>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            this.timeoutMessage(options.description ?? predicate.toString(), timeoutMs, minSeq),
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        minSeq,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private timeoutMessage(what: string, timeoutMs: number, minSeq: number): string {
    const description = what.length > 300 ? `${what.slice(0, 297)}...` : what;
    const since = this.log.toArray().filter((c) => c.seq >= minSeq);
    const polls = since.filter((c) => c.method === "getUpdates").length;
    const others = since.filter((c) => c.method !== "getUpdates");
    const lines = [`waitFor timed out after ${timeoutMs} ms waiting for: ${description}`];
    if (others.length === 0) {
      lines.push(`No calls other than ${polls} getUpdates since #${minSeq}. Last calls before:`);
      const before = this.log
        .toArray()
        .filter((c) => c.seq < minSeq && c.method !== "getUpdates")
        .slice(-10);
      lines.push(...(before.length > 0 ? before.map(describeCall) : ["  (none)"]));
    } else {
      const shown = others.slice(-20);
      lines.push(
        `Calls since #${minSeq} (${others.length}, showing the last ${shown.length}; getUpdates: ${polls}):`,
      );
      lines.push(...shown.map(describeCall));
    }
    return lines.join("\n");
  }

  /**
   * Resolves once `count` calls to `method` were made in total (since start or `clearCalls()`),
   * with the retained ones (all of them unless `recordCalls` is false).
   */
  waitForCalls<M extends string>(
    method: M,
    count: number,
    timeoutMs = 5000,
  ): Promise<RecordedCall<M>[]> {
    const name = this.methodNames.get(method.toLowerCase()) ?? method;
    return new Promise((resolve, reject) => {
      const check = () => {
        if ((this.counters.get(name) ?? 0) >= count) {
          cleanup();
          resolve(this.callsTo(method));
        } else if (this.closing) {
          cleanup();
          reject(new Error(`BotApiEmulator closed while waiting for ${count} ${name} calls`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.counters.get(name) ?? 0;
        reject(
          new Error(
            `waitForCalls timed out after ${timeoutMs} ms: ${seen} of ${count} ${name} calls; stats: ${JSON.stringify(this.stats())}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.countWaiters.delete(check);
      };
      this.countWaiters.add(check);
      check();
    });
  }

  /**
   * Resolves with the first message the bot successfully sends that matches the filter (the
   * `Message` returned to the bot). Same `since` semantics as `waitFor`.
   */
  async waitForMessage(
    filter: MessageFilter = {},
    timeoutMs = 5000,
    options: WaitOptions = {},
  ): Promise<Message> {
    const methods = filter.methods ?? DEFAULT_SEND_METHODS;
    const matches = (call: RecordedCall): boolean => {
      if (!methods.includes(call.method) || call.response?.ok !== true) return false;
      const message = call.response.result as Message;
      if (filter.chatId !== undefined && message.chat.id !== filter.chatId) return false;
      if (filter.text !== undefined) {
        const text = message.text ?? message.caption ?? "";
        return typeof filter.text === "string" ? text === filter.text : filter.text.test(text);
      }
      return true;
    };
    const call = await this.waitFor(matches, timeoutMs, {
      description:
        options.description ??
        `a message matching ${JSON.stringify(filter, (_k, v) => (v instanceof RegExp ? String(v) : v))}`,
      ...(options.since === undefined ? {} : { since: options.since }),
    });
    return (call.response as { result: Message }).result;
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

  /** The most recent message the bot sent (optionally in one chat) that is not deleted. */
  lastSentMessage(chatId?: number): Message | undefined {
    const source =
      chatId === undefined
        ? this.botMessages
        : [...(this.chats.get(chatId)?.messages.values() ?? [])];
    for (let i = source.length - 1; i >= 0; i--) {
      const stored = source[i] as StoredMessage;
      if (stored.fromBot && !stored.deleted) return asMessage(stored.record);
    }
    return undefined;
  }

  /** Current state of any known message (user's or bot's); undefined if unknown or deleted. */
  message(chatId: number, messageId: number): Message | undefined {
    const stored = this.chats.get(chatId)?.messages.get(messageId);
    return stored === undefined || stored.deleted ? undefined : asMessage(stored.record);
  }

  /** Updates not yet confirmed by the bot (via getUpdates offset). */
  get pendingUpdateCount(): number {
    return this.updates.length - this.updatesHead;
  }

  // -------------------------------------------------------------------------------------------
  // Faults

  /** The next `times` calls of `method` ("*": any method except getUpdates) get `fault`. */
  failNext(method: string, fault: Fault, times = 1): FaultHandle {
    const entry = this.faultEntry(method, fault, times);
    this.nextFaults.push(entry);
    return this.faultHandle(entry);
  }

  /** Every call of `method` ("*": any except getUpdates) gets `fault` until `stop()`. */
  failWhile(method: string, fault: Fault): FaultHandle {
    const entry = this.faultEntry(method, fault, Number.POSITIVE_INFINITY);
    this.whileFaults.push(entry);
    return this.faultHandle(entry);
  }

  /** Removes all injected faults. */
  clearFaults(): void {
    for (const entry of [...this.nextFaults, ...this.whileFaults]) entry.active = false;
    this.nextFaults = [];
    this.whileFaults = [];
  }

  private faultEntry(method: string, fault: Fault, times: number): FaultEntry {
    const name = method === "*" ? "*" : (this.methodNames.get(method.toLowerCase()) ?? method);
    return { method: name, fault, remaining: times, hits: 0, active: times > 0 };
  }

  private faultHandle(entry: FaultEntry): FaultHandle {
    return {
      stop: () => {
        entry.active = false;
      },
      get hits() {
        return entry.hits;
      },
      get active() {
        return entry.active;
      },
    };
  }

  /** Like Telegram, an edit without reply_markup removes the inline keyboard; stamps the edit. */
  private finishEdit(record: MessageRecord, markup: MessageRecord["reply_markup"]): Message {
    if (markup !== undefined) record.reply_markup = markup;
    else delete record.reply_markup;
    record.edit_date = this.unixNow();
    return asMessage(record);
  }

  private takeFault(method: string): Fault | undefined {
    if (this.nextFaults.length === 0 && this.whileFaults.length === 0) return undefined;
    const applies = (e: FaultEntry) =>
      e.active && (e.method === method || (e.method === "*" && method !== "getUpdates"));
    const next = this.nextFaults.find(applies);
    if (next !== undefined) {
      next.hits++;
      next.remaining--;
      if (next.remaining <= 0) next.active = false;
      this.nextFaults = this.nextFaults.filter((e) => e.active);
      return next.fault;
    }
    this.whileFaults = this.whileFaults.filter((e) => e.active);
    for (let i = this.whileFaults.length - 1; i >= 0; i--) {
      const entry = this.whileFaults[i] as FaultEntry;
      if (applies(entry)) {
        entry.hits++;
        return entry.fault;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Custom methods

  /**
   * Adds or replaces the handler of a method (name matching is case-insensitive). Return the
   * result, or throw a {@link BotApiError}.
   */
  handle(method: string, handler: MethodHandler): void {
    this.methodNames.set(method.toLowerCase(), method);
    this.handlers.set(method, handler);
  }

  // -------------------------------------------------------------------------------------------
  // Chats, users, messages

  /** Makes a chat known, so the bot may send to it without a user writing first. */
  registerChat(chat: Chat): void {
    this.chatState(chat);
  }

  private chatState(chat: Chat): ChatState {
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

  private resolveChat(raw: unknown): ChatState {
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

  private storeMessage(state: ChatState, record: MessageRecord, fromBot: boolean): StoredMessage {
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

  private unixNow(): number {
    return Math.floor(this.now() / 1000);
  }

  /** message_thread_id / is_topic_message / implicit reply_to_message for forum topics. */
  private threadFields(
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

  private findMessage(state: ChatState, messageId: number | undefined): StoredMessage | undefined {
    if (messageId === undefined) return undefined;
    const stored = state.messages.get(messageId);
    return stored === undefined || stored.deleted ? undefined : stored;
  }

  private newFileId(prefix: string): { file_id: string; file_unique_id: string } {
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

  /** A user sends a photo (three sizes, like Telegram), optionally with a caption. */
  userSendsPhoto(
    user: User,
    chat: Chat,
    extra: UserMessageExtra & { caption?: string } = {},
  ): Message {
    const sizes = [
      [90, 60, 1_200],
      [320, 213, 14_000],
      [1280, 853, 98_000],
    ].map(([width, height, file_size]) => ({
      ...this.newFileId("AgAC"),
      width,
      height,
      file_size,
    }));
    const content: Partial<MessageRecord> = { photo: sizes };
    if (extra.caption !== undefined) {
      content.caption = extra.caption;
      const entities = detectEntities(extra.caption);
      if (entities.length > 0) content.caption_entities = entities;
    }
    return this.userMessage(user, chat, content, extra);
  }

  /** A user sends a sticker. */
  userSendsSticker(
    user: User,
    chat: Chat,
    extra: UserMessageExtra & { emoji?: string } = {},
  ): Message {
    const sticker = {
      ...this.newFileId("CAAC"),
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: extra.emoji ?? "👍",
      set_name: "EmulatorStickers",
      file_size: 23_000,
    };
    return this.userMessage(user, chat, { sticker }, extra);
  }

  /** A user sends a voice message. */
  userSendsVoice(
    user: User,
    chat: Chat,
    extra: UserMessageExtra & { duration?: number } = {},
  ): Message {
    const voice = {
      ...this.newFileId("AwAC"),
      duration: extra.duration ?? 3,
      mime_type: "audio/ogg",
      file_size: 9_000,
    };
    return this.userMessage(user, chat, { voice }, extra);
  }

  /** A user edits their text message: an `edited_message` update with `edit_date`. */
  userEditsMessage(
    user: User,
    message: Message,
    newText: string,
    entities?: MessageEntity[],
  ): Message {
    const state = this.chats.get(message.chat.id);
    const stored = state === undefined ? undefined : this.findMessage(state, message.message_id);
    if (stored === undefined || stored.record.from?.id !== user.id) {
      throw new Error(
        `userEditsMessage: message ${message.message_id} of user ${user.id} is unknown`,
      );
    }
    const detected = entities ?? detectEntities(newText);
    const record = stored.record;
    record.text = newText;
    if (detected.length > 0) record.entities = detected;
    else delete record.entities;
    record.edit_date = this.unixNow();
    if (this.visibleToBot(record, undefined)) {
      this.sendUpdate({ edited_message: asMessage(record) as Update["edited_message"] });
    }
    return asMessage(record);
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
  userSendsInline(
    user: User,
    query: string,
    extra: { offset?: string; chatType?: InlineQuery["chat_type"] } = {},
  ): string {
    this.registerUser(user);
    const id = this.nextQueryId();
    const inline: InlineQuery = { id, from: user, query, offset: extra.offset ?? "" };
    if (extra.chatType !== undefined) inline.chat_type = extra.chatType;
    this.sendUpdate({ inline_query: inline });
    return id;
  }

  /** The user blocks the bot: a my_chat_member update; later sends to them get 403. */
  userBlocksBot(user: User): void {
    this.memberChange(user, "member", "kicked");
  }

  /** The user unblocks (restarts) the bot. */
  userUnblocksBot(user: User): void {
    this.memberChange(user, "kicked", "member");
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

  private confirmUpdates(offset: number): void {
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

  private getUpdates(p: Payload, ctx: HandlerContext): Update[] | Promise<Update[]> {
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

  // -------------------------------------------------------------------------------------------
  // Formatting and markup validation

  private formatted(
    p: Payload,
    textKey: string,
    parseModeKey: string,
    entitiesKey: string,
  ): FormattedText {
    const raw = optionalString(p, textKey) ?? "";
    const explicit = optionalJson(p, entitiesKey);
    let value: FormattedText;
    if (Array.isArray(explicit) && explicit.length > 0) {
      value = { text: raw, entities: explicit as MessageEntity[] };
    } else {
      const mode = (optionalString(p, parseModeKey) ?? "").toLowerCase();
      try {
        if (mode === "html") value = parseHtml(raw, { strictAmpersand: this.strictHtml });
        else if (mode === "markdownv2") value = parseMarkdownV2(raw);
        else if (mode === "markdown") value = parseMarkdown(raw);
        else if (mode === "") value = { text: raw, entities: [] };
        else throw badRequest("unsupported parse_mode");
      } catch (error) {
        if (error instanceof ParseEntitiesError) {
          throw badRequest(`can't parse entities: ${error.message}`);
        }
        throw error;
      }
    }
    value = trimFormatted(value);
    const formatting = value.entities.filter(
      (e) => e.type === "code" || e.type === "pre" || e.type === "text_link",
    );
    const detected = detectEntities(value.text, formatting);
    if (detected.length > 0) {
      value = {
        text: value.text,
        entities: [...value.entities, ...detected].sort(
          (a, b) => a.offset - b.offset || b.length - a.length,
        ),
      };
    }
    return value;
  }

  private messageText(p: Payload): FormattedText {
    const value = this.formatted(p, "text", "parse_mode", "entities");
    if (value.text.length === 0) throw badRequest("message text is empty");
    if (value.text.length > 4096) throw badRequest("message is too long");
    return value;
  }

  private caption(p: Payload): FormattedText | undefined {
    if (p.caption === undefined || p.caption === null) return undefined;
    const value = this.formatted(p, "caption", "parse_mode", "caption_entities");
    if (value.text.length > 1024) throw badRequest("message caption is too long");
    return value.text.length === 0 ? undefined : value;
  }

  /** Validates reply_markup; returns the inline keyboard to attach (if any). */
  private inlineKeyboard(p: Payload): InlineKeyboardMarkup | undefined {
    const raw = optionalJson(p, "reply_markup");
    if (raw === undefined || raw === null || raw === "") return undefined;
    if (!isObject(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
    if (!("inline_keyboard" in raw)) {
      for (const key of ["keyboard", "remove_keyboard", "force_reply"]) {
        if (key in raw) return undefined;
      }
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
    const rows = raw.inline_keyboard;
    if (!Array.isArray(rows)) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    }
    const keyboard: InlineKeyboardButton[][] = [];
    for (const row of rows) {
      if (!Array.isArray(row)) {
        throw badRequest(
          'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
        );
      }
      const out: InlineKeyboardButton[] = [];
      for (const button of row) {
        if (!isObject(button)) {
          throw badRequest(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object",
          );
        }
        if (typeof button.text !== "string") {
          throw badRequest(
            'can\'t parse inline keyboard button: Field "text" must be of type String',
          );
        }
        const actions = BUTTON_ACTIONS.filter(
          (key) => button[key] !== undefined && button[key] !== null,
        );
        if (actions.length === 0) {
          throw badRequest(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
          );
        }
        if (button.callback_data !== undefined && button.callback_data !== null) {
          const data = button.callback_data;
          if (
            typeof data !== "string" ||
            data.length === 0 ||
            Buffer.byteLength(data, "utf8") > 64
          ) {
            throw badRequest("BUTTON_DATA_INVALID");
          }
        }
        if (button.url !== undefined && button.url !== null) {
          if (typeof button.url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(button.url)) {
            throw badRequest("BUTTON_URL_INVALID");
          }
        }
        const copy: Record<string, unknown> = { text: button.text };
        for (const key of Object.keys(button).sort()) {
          if (key !== "text" && button[key] !== undefined && button[key] !== null)
            copy[key] = button[key];
        }
        out.push(copy as unknown as InlineKeyboardButton);
      }
      if (out.length > 0) keyboard.push(out);
    }
    return keyboard.length === 0 ? undefined : { inline_keyboard: keyboard };
  }

  private replyTarget(state: ChatState, p: Payload): StoredMessage | undefined {
    const params = optionalJson(p, "reply_parameters");
    let messageId: number | undefined;
    let allowWithout = isTrue(p.allow_sending_without_reply);
    if (isObject(params)) {
      messageId = optionalInt(params, "message_id");
      allowWithout = allowWithout || isTrue(params.allow_sending_without_reply);
      if (params.chat_id !== undefined && params.chat_id !== state.chat.id) {
        // replies to other chats become external replies; not emulated, just checked
        const other = this.resolveChat(params.chat_id);
        if (this.findMessage(other, messageId) === undefined && !allowWithout) {
          throw badRequest("message to be replied not found");
        }
        return undefined;
      }
    } else {
      messageId = optionalInt(p, "reply_to_message_id");
    }
    if (messageId === undefined) return undefined;
    const target = this.findMessage(state, messageId);
    if (target === undefined && !allowWithout) throw badRequest("message to be replied not found");
    return target;
  }

  private targetChatForSend(p: Payload): ChatState {
    const state = this.resolveChat(p.chat_id);
    if (state.chat.type === "private" && state.blockedByUser) {
      throw new BotApiError(403, "Forbidden: bot was blocked by the user");
    }
    return state;
  }

  private sendBotMessage(p: Payload, content: Partial<MessageRecord>, state: ChatState): Message {
    const markup = this.inlineKeyboard(p);
    const reply = this.replyTarget(state, p);
    const record: MessageRecord = {
      message_id: state.nextMessageId,
      from: this.botUser,
      chat: state.chat,
      date: this.unixNow(),
      ...this.threadFields(state, optionalInt(p, "message_thread_id"), false),
      ...content,
    };
    if (reply !== undefined) record.reply_to_message = replySnapshot(reply.record);
    if (markup !== undefined) record.reply_markup = markup;
    this.storeMessage(state, record, true);
    return asMessage(record);
  }

  private editTarget(p: Payload): StoredMessage | undefined {
    if (p.inline_message_id !== undefined && p.inline_message_id !== null) return undefined;
    const state = this.resolveChat(p.chat_id);
    const messageId = optionalInt(p, "message_id");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const stored = this.findMessage(state, messageId);
    if (stored === undefined) throw badRequest("message to edit not found");
    if (!stored.fromBot) throw badRequest("message can't be edited");
    return stored;
  }

  // -------------------------------------------------------------------------------------------
  // Built-in methods

  private installBuiltins(): void {
    const builtins: Record<string, MethodHandler> = {
      getMe: () => this.botInfo,
      getUpdates: (p, ctx) => this.getUpdates(p, ctx),
      setWebhook: (p) => {
        const url = optionalString(p, "url") ?? "";
        if (isTrue(p.drop_pending_updates)) this.confirmUpdates(this.lastUpdateId + 1);
        if (url === "") {
          this.webhook = undefined;
          return true;
        }
        if (!/^https:\/\//i.test(url))
          throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
        this.webhook = { url, allowedUpdates: optionalJson(p, "allowed_updates") };
        this.poll?.finish(new BotApiError(409, "Conflict: terminated by setWebhook request"));
        return true;
      },
      deleteWebhook: (p) => {
        this.webhook = undefined;
        if (isTrue(p.drop_pending_updates)) this.confirmUpdates(this.lastUpdateId + 1);
        return true;
      },
      getWebhookInfo: () => {
        const info: Record<string, unknown> = {
          url: this.webhook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: this.pendingUpdateCount,
        };
        if (this.webhook !== undefined) {
          info.max_connections = 40;
          info.ip_address = "127.0.0.1";
          if (Array.isArray(this.webhook.allowedUpdates))
            info.allowed_updates = this.webhook.allowedUpdates;
        }
        return info;
      },
      sendMessage: (p) => {
        const state = this.targetChatForSend(p);
        const text = this.messageText(p);
        const content: Partial<MessageRecord> = { text: text.text };
        if (text.entities.length > 0) content.entities = text.entities;
        return this.sendBotMessage(p, content, state);
      },
      sendPhoto: (p) => {
        const state = this.targetChatForSend(p);
        if (p.photo === undefined || p.photo === null || p.photo === "") {
          throw badRequest("there is no photo in the request");
        }
        const caption = this.caption(p);
        const sizes = [
          [90, 60, 1_100],
          [320, 213, 13_000],
          [800, 533, 61_000],
        ].map(([width, height, file_size]) => ({
          ...this.newFileId("AgAC"),
          width,
          height,
          file_size,
        }));
        const content: Partial<MessageRecord> = { photo: sizes };
        if (caption !== undefined) {
          content.caption = caption.text;
          if (caption.entities.length > 0) content.caption_entities = caption.entities;
        }
        return this.sendBotMessage(p, content, state);
      },
      sendDocument: (p) => {
        const state = this.targetChatForSend(p);
        const input = p.document;
        if (input === undefined || input === null || input === "") {
          throw badRequest("there is no document in the request");
        }
        const caption = this.caption(p);
        let fileName = "document.dat";
        let size = 1_000;
        if (isObject(input) && isObject(input.uploaded)) {
          fileName = String(input.uploaded.filename);
          size = Number(input.uploaded.size);
        } else if (typeof input === "string" && /^https?:\/\//.test(input)) {
          fileName = decodeURIComponent(new URL(input).pathname.split("/").pop() ?? "") || fileName;
        }
        const document = {
          file_name: fileName,
          mime_type: fileName.endsWith(".pdf") ? "application/pdf" : "application/octet-stream",
          ...this.newFileId("BQAC"),
          file_size: size,
        };
        const content: Partial<MessageRecord> = { document };
        if (caption !== undefined) {
          content.caption = caption.text;
          if (caption.entities.length > 0) content.caption_entities = caption.entities;
        }
        return this.sendBotMessage(p, content, state);
      },
      editMessageText: (p) => {
        const stored = this.editTarget(p);
        const text = this.messageText(p);
        const markup = this.inlineKeyboard(p);
        if (stored === undefined) return true;
        const record = stored.record;
        if (record.text === undefined) throw badRequest("there is no text in the message to edit");
        if (
          record.text === text.text &&
          sameJson(record.entities ?? [], text.entities) &&
          sameJson(record.reply_markup, markup)
        ) {
          throw badRequest(NOT_MODIFIED.slice("Bad Request: ".length));
        }
        record.text = text.text;
        if (text.entities.length > 0) record.entities = text.entities;
        else delete record.entities;
        return this.finishEdit(record, markup);
      },
      editMessageCaption: (p) => {
        const stored = this.editTarget(p);
        const caption = this.caption(p);
        const markup = this.inlineKeyboard(p);
        if (stored === undefined) return true;
        const record = stored.record;
        if (record.text !== undefined)
          throw badRequest("there is no caption in the message to edit");
        if (
          record.caption === caption?.text &&
          sameJson(record.caption_entities ?? [], caption?.entities ?? []) &&
          sameJson(record.reply_markup, markup)
        ) {
          throw badRequest(NOT_MODIFIED.slice("Bad Request: ".length));
        }
        if (caption === undefined) {
          delete record.caption;
          delete record.caption_entities;
        } else {
          record.caption = caption.text;
          if (caption.entities.length > 0) record.caption_entities = caption.entities;
          else delete record.caption_entities;
        }
        return this.finishEdit(record, markup);
      },
      editMessageReplyMarkup: (p) => {
        const stored = this.editTarget(p);
        const markup = this.inlineKeyboard(p);
        if (stored === undefined) return true;
        const record = stored.record;
        if (sameJson(record.reply_markup, markup))
          throw badRequest(NOT_MODIFIED.slice("Bad Request: ".length));
        return this.finishEdit(record, markup);
      },
      deleteMessage: (p) => {
        const state = this.resolveChat(p.chat_id);
        const stored = this.findMessage(state, optionalInt(p, "message_id"));
        if (stored === undefined) throw badRequest("message to delete not found");
        stored.deleted = true;
        return true;
      },
      deleteMessages: (p) => {
        const state = this.resolveChat(p.chat_id);
        const ids = optionalJson(p, "message_ids");
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) {
          throw badRequest("message_ids must be a non-empty list of at most 100 identifiers");
        }
        for (const id of ids) {
          const stored = this.findMessage(state, Number(id));
          if (stored !== undefined) stored.deleted = true;
        }
        return true;
      },
      answerCallbackQuery: (p) => {
        const id = optionalString(p, "callback_query_id");
        if (id === undefined || !this.pendingCallbackQueries.delete(id)) {
          throw new BotApiError(400, TOO_OLD);
        }
        return true;
      },
      answerInlineQuery: (p) => {
        const id = optionalString(p, "inline_query_id");
        const results = optionalJson(p, "results");
        if (!Array.isArray(results)) throw badRequest("results must be an Array");
        if (results.length > 50) throw badRequest("RESULTS_TOO_MUCH");
        const seen = new Set<string>();
        for (const result of results) {
          if (!isObject(result) || typeof result.type !== "string") {
            throw badRequest('can\'t parse InlineQueryResult: Field "type" must be of type String');
          }
          const resultId = result.id;
          if (typeof resultId !== "string" || resultId === "" || Buffer.byteLength(resultId) > 64) {
            throw badRequest("RESULT_ID_INVALID");
          }
          if (seen.has(resultId)) throw badRequest("RESULT_ID_DUPLICATE");
          seen.add(resultId);
          const content = result.input_message_content;
          if (isObject(content) && content.message_text !== undefined) {
            const text = this.formatted(content, "message_text", "parse_mode", "entities");
            if (text.text.length === 0) throw badRequest("MESSAGE_EMPTY");
            if (text.text.length > 4096) throw badRequest("MESSAGE_TOO_LONG");
          }
          if (result.reply_markup !== undefined)
            this.inlineKeyboard({ reply_markup: result.reply_markup });
        }
        if (id === undefined || !this.pendingInlineQueries.delete(id))
          throw new BotApiError(400, TOO_OLD);
        return true;
      },
      sendChatAction: (p) => {
        this.targetChatForSend(p);
        const action = optionalString(p, "action");
        if (action === undefined || !CHAT_ACTIONS.has(action)) {
          throw badRequest("wrong parameter action in request");
        }
        return true;
      },
      setMyCommands: (p) => {
        const commands = optionalJson(p, "commands") ?? [];
        if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
        if (commands.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
        const clean: { command: string; description: string }[] = [];
        for (const command of commands) {
          if (!isObject(command))
            throw badRequest("can't parse BotCommand: BotCommand must be an Object");
          if (typeof command.command !== "string") {
            throw badRequest("can't parse BotCommand: Can't find field \"command\"");
          }
          if (typeof command.description !== "string") {
            throw badRequest("can't parse BotCommand: Can't find field \"description\"");
          }
          if (!/^[a-z0-9_]{1,32}$/.test(command.command)) throw badRequest("BOT_COMMAND_INVALID");
          const description = command.description.trim();
          if (description === "") throw badRequest("command description must be non-empty");
          if (description.length > 256) throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
          clean.push({ command: command.command, description });
        }
        this.commands.set(this.commandsKey(p), clean);
        return true;
      },
      getMyCommands: (p) => this.commands.get(this.commandsKey(p)) ?? [],
      deleteMyCommands: (p) => {
        this.commands.delete(this.commandsKey(p));
        return true;
      },
      setChatMenuButton: (p) => {
        const key =
          p.chat_id === undefined ? "default" : String(this.resolveChat(p.chat_id).chat.id);
        const button = optionalJson(p, "menu_button") ?? { type: "default" };
        if (
          !isObject(button) ||
          !["commands", "web_app", "default"].includes(String(button.type))
        ) {
          throw badRequest("can't parse menu button: unsupported menu button type");
        }
        this.menuButtons.set(key, button);
        return true;
      },
      getChatMenuButton: (p) => {
        const key =
          p.chat_id === undefined ? "default" : String(this.resolveChat(p.chat_id).chat.id);
        return this.menuButtons.get(key) ?? this.menuButtons.get("default") ?? { type: "commands" };
      },
      setMyDescription: (p) => this.setBotText("description", p, 512),
      getMyDescription: (p) => ({ description: this.getBotText("description", p) }),
      setMyShortDescription: (p) => this.setBotText("short_description", p, 120),
      getMyShortDescription: (p) => ({
        short_description: this.getBotText("short_description", p),
      }),
      setMyName: (p) => this.setBotText("name", p, 64),
      getMyName: (p) => ({ name: this.getBotText("name", p) || this.botInfo.first_name }),
      getChat: (p) => {
        const state = this.resolveChat(p.chat_id);
        return { ...state.chat, accent_color_id: 0, max_reaction_count: 11 };
      },
      setMessageReaction: (p) => {
        const state = this.resolveChat(p.chat_id);
        if (this.findMessage(state, optionalInt(p, "message_id")) === undefined) {
          throw badRequest("message to react not found");
        }
        return true;
      },
      close: () => true,
      logOut: () => true,
    };
    for (const [name, handler] of Object.entries(builtins)) this.handle(name, handler);
  }

  private commandsKey(p: Payload): string {
    const scope = optionalJson(p, "scope");
    const language = optionalString(p, "language_code") ?? "";
    if (language !== "" && !/^[a-z]{2}$/.test(language))
      throw badRequest("invalid language code specified");
    const canonical = isObject(scope)
      ? JSON.stringify(
          Object.fromEntries(Object.entries(scope).sort(([a], [b]) => a.localeCompare(b))),
        )
      : '{"type":"default"}';
    return `${canonical}|${language}`;
  }

  private setBotText(kind: string, p: Payload, max: number): true {
    const language = optionalString(p, "language_code") ?? "";
    const value = optionalString(p, kind) ?? "";
    if (value.length > max) throw badRequest(`${kind} is too long`);
    this.botTexts.set(`${kind}|${language}`, value);
    return true;
  }

  private getBotText(kind: string, p: Payload): string {
    const language = optionalString(p, "language_code") ?? "";
    return this.botTexts.get(`${kind}|${language}`) ?? this.botTexts.get(`${kind}|`) ?? "";
  }
}
