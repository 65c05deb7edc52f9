/**
 * The emulator's record of the bot's calls, and the waits tests build on it: a call is offered to
 * waiters when it arrives and again when it is answered, so a test waits on a condition (a
 * message sent, a callback query answered) instead of sleeping.
 */
import type { Message } from "grammy/types";
import type { ApiResponse, MessageFilter, RecordedCall, WaitOptions } from "./types.js";

/** Methods that send a message, for {@link CallRecorder.waitForMessage}. */
const SEND_METHODS = ["sendMessage", "sendPhoto"];

interface Waiter {
  minSeq: number;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
}

/** The last `capacity` calls (a ring), so that long load runs keep bounded memory. */
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

/** Records calls, numbers them, and resolves waits on them. */
export class CallRecorder {
  private readonly log: CallLog;
  private nextSeq = 0;
  private closing = false;
  private readonly counters = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly settledListeners = new Set<(call: RecordedCall) => void>();
  private readonly countWaiters = new Set<() => void>();

  /** `capacity`: calls kept (Infinity: all); `canonical` spells a method name as Telegram does. */
  constructor(
    capacity: number,
    private readonly canonical: (method: string) => string,
  ) {
    this.log = new CallLog(capacity);
  }

  /** Records a call as it arrives. */
  record(method: string, payload: Record<string, unknown>): RecordedCall {
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

  /** Records how a call ended: its status and answer, or that the client went away. */
  settle(
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

  /** Rejects every pending wait: the emulator is closing. */
  close(): void {
    this.closing = true;
    for (const waiter of this.waiters) {
      waiter.reject(new Error("BotApiEmulator was closed while waiting"));
    }
    this.waiters.clear();
    for (const wake of this.countWaiters) wake();
  }

  /**
   * Calls `listener` with every call once it is answered (for load tests that time replies
   * without keeping every call). Returns a function that removes the listener.
   */
  onSettled(listener: (call: RecordedCall) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  /** All recorded calls (only the last `keepLastCalls` when `recordCalls` is false). */
  get calls(): readonly RecordedCall[] {
    return this.log.toArray();
  }

  /** Recorded calls of one method, oldest first. */
  callsTo<M extends string>(method: M): RecordedCall<M>[] {
    const name = this.canonical(method);
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

  /** Forgets recorded calls and counters. */
  clear(): void {
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
    const name = this.canonical(method);
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
    const methods = filter.methods ?? SEND_METHODS;
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
   * Resolves once the bot is idle: every call since `since` is answered and it has made no call
   * but getUpdates for `quietMs`. A retry or a second answer would show up within that time.
   */
  async settled(since: number, quietMs = 150, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const busy = this.log
        .toArray()
        .filter((c) => c.seq >= since && c.method !== "getUpdates")
        .some((c) => c.settledAt === undefined || Date.now() - c.settledAt < quietMs);
      if (!busy) return;
      if (Date.now() > deadline)
        throw new Error(`the bot was still busy after ${timeoutMs} ms (calls since #${since})`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
