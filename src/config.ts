import { createHmac } from "node:crypto";
import * as v from "valibot";
import { StartupError } from "./errors.js";

/** Invalid configuration: lists every problem and how to fix it; never echoes secret values. */
export class ConfigError extends StartupError {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (set these in .env or the environment; see .env.example):\n  ${problems.join("\n  ")}`,
      2,
    );
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const PORT_MESSAGE = "must be a port number from 1 to 65535";

/** A whole number of seconds, at least `min` and at most a day. */
function seconds(min: number) {
  const message = `must be a whole number of seconds from ${min} to 86400`;
  return v.pipe(
    v.string(),
    v.regex(/^\d+$/, message),
    v.transform(Number),
    v.minValue(min, message),
    v.maxValue(86_400, message),
  );
}

const idList = v.pipe(
  v.string(),
  v.regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/, "must be comma-separated numeric Telegram ids"),
  v.transform((value) => value.split(",").map((id) => Number(id.trim()))),
);

const schema = v.pipe(
  v.object({
    BOT_TOKEN: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        // The value is never echoed back: it is a secret.
        v.regex(
          /^$|^\d+:[A-Za-z0-9_-]{20,}$/,
          "does not look like a bot token (123456:ABC-…) from @BotFather",
        ),
      ),
    ),
    TELEGRAM_API_ROOT: v.optional(
      v.pipe(v.string(), v.url("must be a URL such as https://api.telegram.org")),
      "https://api.telegram.org",
    ),
    KNOWLEDGE_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), "knowledge"),
    LOCALES_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), "locales"),
    DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), "data"),
    WEBHOOK_URL: v.optional(
      v.pipe(
        v.string(),
        v.url("must be the public https URL Telegram posts updates to"),
        // Telegram only posts to https; saying so here beats a refusal at setWebhook.
        v.startsWith("https://", "must start with https:// (Telegram only posts updates to https)"),
      ),
    ),
    WEBHOOK_SECRET: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^[A-Za-z0-9_-]{16,256}$/,
          "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -",
        ),
      ),
    ),
    PORT: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d+$/, PORT_MESSAGE),
        v.transform(Number),
        v.integer(PORT_MESSAGE),
        v.minValue(1, PORT_MESSAGE),
        v.maxValue(65535, PORT_MESSAGE),
      ),
      "8080",
    ),
    LOG_LEVEL: v.optional(
      v.pipe(
        v.string(),
        v.transform((level) => level.trim().toLowerCase()),
        v.picklist(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`),
      ),
      "info",
    ),
    REDIS_URL: v.optional(
      v.pipe(v.string(), v.regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL")),
    ),
    ALLOWED_USERS: v.optional(idList),
    ALLOWED_CHATS: v.optional(idList),
    ADMIN_USERS: v.optional(idList),
    QUESTION_LOG: v.optional(v.picklist(["on", "off"], "must be on or off"), "on"),
    KNOWLEDGE_WATCH: v.optional(v.picklist(["on", "off"], "must be on or off"), "on"),
    QUESTION_LOG_DAYS: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d+$/, "must be a whole number of days"),
        v.transform(Number),
        v.integer(),
        v.minValue(1, "must be at least 1 day"),
        v.maxValue(3650, "must be at most 3650 days"),
      ),
      "30",
    ),
    QUESTION_LOG_KEY: v.optional(
      v.pipe(v.string(), v.minLength(16, "must be at least 16 characters (a random secret)")),
    ),
    RATE_LIMIT: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d+\/\d+$/, "must be MESSAGES/SECONDS, e.g. 5/10"),
        v.transform((s) => s.split("/").map(Number) as [number, number]),
        // 0 messages would refuse everyone; 0 seconds would silently disable the limit.
        v.check(
          ([messages, seconds]) => messages >= 1 && seconds >= 1,
          "must be MESSAGES/SECONDS with both at least 1, e.g. 5/10",
        ),
      ),
      "6/10",
    ),
    SHUTDOWN_GRACE_SECONDS: v.optional(seconds(0), "25"),
    REDIS_PREFIX: v.optional(
      v.pipe(v.string(), v.regex(/^\S{1,64}$/, "must be 1 to 64 characters without spaces")),
      "docbot:",
    ),
    POLL_TIMEOUT_SECONDS: v.optional(seconds(1), "30"),
    RETRY_MAX_SECONDS: v.optional(seconds(1), "20"),
  }),
  v.check(
    (env) => !env.WEBHOOK_URL || Boolean(env.WEBHOOK_SECRET),
    "WEBHOOK_SECRET: required with WEBHOOK_URL, so that only Telegram can post updates",
  ),
);

/** The bot's settings, validated once at start-up. */
export interface Config {
  /** Absent: the bot runs as a terminal chat. */
  readonly botToken?: string;
  readonly apiRoot: string;
  readonly knowledgeDir: string;
  /**
   * Whether changes to the knowledge folder are noticed by themselves (KNOWLEDGE_WATCH); off
   * where change notifications do not work (NFS), leaving SIGHUP, /reload and Redis.
   */
  readonly knowledgeWatch: boolean;
  readonly localesDir: string;
  readonly dataDir: string;
  readonly webhook?: { readonly url: string; readonly secret: string; readonly port: number };
  readonly port: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly redisUrl?: string;
  readonly allowedUsers?: readonly number[];
  readonly allowedChats?: readonly number[];
  /** Users allowed /stats, and to import and remove documents, in a private chat. */
  readonly adminUsers: readonly number[];
  /**
   * The question log: off, or kept for `days` with user ids hashed under `key`
   * (QUESTION_LOG_KEY, else derived from the bot token; absent in the terminal chat).
   */
  readonly questionLog: {
    readonly enabled: boolean;
    readonly days: number;
    readonly key?: string;
  };
  /** At most `messages` per `seconds` from one user. */
  readonly rateLimit: { readonly messages: number; readonly seconds: number };
  readonly mode: "polling" | "webhook" | "terminal";
  /** How long a stopping bot waits for the updates in flight before it exits anyway. */
  readonly shutdownGraceSeconds: number;
  /** Put before every Redis key, so that several bots can share one Redis. */
  readonly redisPrefix: string;
  /** The long-poll `timeout` of getUpdates; a poll unanswered a few seconds later is abandoned. */
  readonly pollTimeoutSeconds: number;
  /** The longest wait between two attempts to reach an unreachable Bot API. */
  readonly retryMaxSeconds: number;
}

/**
 * Validates the environment into a {@link Config}.
 * @throws {ConfigError} listing every invalid variable
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = v.safeParse(schema, cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.issues.map((issue) => {
        const key = issue.path?.map((p) => String(p.key)).join(".");
        return key ? `${key}: ${issue.message}` : issue.message;
      }),
    );
  }
  const e = result.output;
  const botToken = e.BOT_TOKEN || undefined;
  const [messages, seconds] = e.RATE_LIMIT;
  return {
    ...(botToken ? { botToken } : {}),
    apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
    knowledgeDir: e.KNOWLEDGE_DIR,
    knowledgeWatch: e.KNOWLEDGE_WATCH === "on",
    localesDir: e.LOCALES_DIR,
    dataDir: e.DATA_DIR,
    ...(e.WEBHOOK_URL && e.WEBHOOK_SECRET
      ? { webhook: { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, port: e.PORT } }
      : {}),
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    ...(e.ALLOWED_USERS ? { allowedUsers: e.ALLOWED_USERS } : {}),
    ...(e.ALLOWED_CHATS ? { allowedChats: e.ALLOWED_CHATS } : {}),
    adminUsers: e.ADMIN_USERS ?? [],
    questionLog: {
      enabled: e.QUESTION_LOG === "on",
      days: e.QUESTION_LOG_DAYS,
      ...(e.QUESTION_LOG_KEY || botToken
        ? { key: e.QUESTION_LOG_KEY ?? deriveLogKey(botToken ?? "") }
        : {}),
    },
    rateLimit: { messages, seconds },
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    redisPrefix: e.REDIS_PREFIX,
    pollTimeoutSeconds: e.POLL_TIMEOUT_SECONDS,
    retryMaxSeconds: e.RETRY_MAX_SECONDS,
    mode: !botToken ? "terminal" : e.WEBHOOK_URL ? "webhook" : "polling",
  };
}

/**
 * The key that hashes user ids in the question log when QUESTION_LOG_KEY is not set: derived
 * from the bot token (never the token itself), so that the hashes are stable across restarts
 * and cannot be recomputed by anyone without the token.
 */
export function deriveLogKey(botToken: string): string {
  return createHmac("sha256", botToken).update("question-log user hash").digest("hex");
}
