/** The Bot API emulator's public types: faults, recorded calls, options, method handlers. */
import type {
  ApiMethods,
  Message,
  MessageEntity,
  Opts,
  ResponseParameters,
  UserFromGetMe,
} from "grammy/types";
import type { BotApiEmulator } from "./emulator.js";

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
  /** Methods that count as "sending a message" (default: sendMessage and sendPhoto). */
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
