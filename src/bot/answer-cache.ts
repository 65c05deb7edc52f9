import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { isLanguage, type Language } from "../knowledge/types.js";
import type { Logger } from "../logger.js";

/** A question the bot answered, kept so that the "More" button can page through it. */
export interface AnsweredQuestion {
  readonly question: string;
  readonly searched: Language;
  readonly display: Language;
  /** The question's entry in the question log, which further pages add their passages to. */
  readonly entry?: string;
}

/**
 * How long a "More" button keeps working: a day. Older buttons get a polite "ask again"; a day
 * covers a conversation picked up the next morning without keeping every answer for good.
 */
export const ANSWER_TTL_SECONDS = 24 * 60 * 60;

/**
 * A new answer id: 9 random bytes as base64url (12 characters, 72 bits). Random, not counted,
 * so that instances sharing one cache never hand out the same id (a collision among a day's
 * answers is about as likely as guessing a 72-bit key), and short enough that `m:ID:OFFSET`
 * stays far below Telegram's 64 bytes of callback data.
 */
export function newAnswerId(): string {
  return randomBytes(9).toString("base64url");
}

/**
 * Recent questions by short id. Callback data holds only the id (64 bytes cannot hold a
 * question in Cyrillic or Chinese). Neither method throws: a store that cannot be reached
 * forgets, and the button then gets the same "ask again" as an expired one.
 */
export interface AnswerCache {
  /** Keeps the question and resolves with its id once it is stored (or could not be). */
  remember(entry: AnsweredQuestion): Promise<string>;
  /** The question behind `id`; undefined when expired, unknown or unreadable. */
  recall(id: string): Promise<AnsweredQuestion | undefined>;
}

/** One process's cache (no REDIS_URL): the oldest entries beyond `capacity` are forgotten. */
export class MemoryAnswerCache implements AnswerCache {
  private readonly entries = new Map<string, { entry: AnsweredQuestion; expires: number }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly ttlMs = ANSWER_TTL_SECONDS * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async remember(entry: AnsweredQuestion): Promise<string> {
    const id = newAnswerId();
    this.entries.set(id, { entry, expires: this.now() + this.ttlMs });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return id;
  }

  async recall(id: string): Promise<AnsweredQuestion | undefined> {
    const kept = this.entries.get(id);
    if (!kept) return undefined;
    if (kept.expires <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return kept.entry;
  }
}

/** Whether a value read back from Redis is an answered question (anything else is ignored). */
export function isAnsweredQuestion(value: unknown): value is AnsweredQuestion {
  if (typeof value !== "object" || value === null) return false;
  const { question, searched, display, entry } = value as Record<string, unknown>;
  return (
    typeof question === "string" &&
    isLanguage(searched) &&
    isLanguage(display) &&
    (entry === undefined || typeof entry === "string")
  );
}

/**
 * The cache shared by every instance on one Redis (`PREFIX` + `answer:` + id, expiring after
 * {@link ANSWER_TTL_SECONDS}), so that a "More" tap reaching another instance continues the
 * answer. While Redis is unreachable, answers are still sent (their buttons will say "ask
 * again"); the outage is logged once when it starts and once when it ends.
 */
export class RedisAnswerCache implements AnswerCache {
  private down = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly ttlSeconds = ANSWER_TTL_SECONDS,
  ) {}

  async remember(entry: AnsweredQuestion): Promise<string> {
    const id = newAnswerId();
    try {
      await this.redis.set(this.key(id), JSON.stringify(entry), "EX", this.ttlSeconds);
      this.succeeded();
    } catch (error) {
      this.failed(error);
    }
    return id;
  }

  async recall(id: string): Promise<AnsweredQuestion | undefined> {
    let text: string | null;
    try {
      text = await this.redis.get(this.key(id));
      this.succeeded();
    } catch (error) {
      this.failed(error);
      return undefined;
    }
    if (text === null) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return isAnsweredQuestion(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private key(id: string): string {
    return `${this.prefix}answer:${id}`;
  }

  private failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    const { code, message } = error as Error & { code?: string };
    this.logger.warn(
      { error: code ?? message },
      "answer cache unavailable: More buttons of answers given meanwhile will ask to ask again",
    );
  }

  private succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info("answer cache available again");
  }
}
