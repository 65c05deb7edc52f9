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

const botToken = v.pipe(
  v.string(),
  v.trim(),
  // The value is never echoed back: it is a secret.
  v.regex(
    /^\d+:[A-Za-z0-9_-]{20,}$/,
    "does not look like a bot token (123456:ABC-…) from @BotFather",
  ),
);

const webhookUrl = v.pipe(
  v.string(),
  v.url("must be the public https URL Telegram posts updates to"),
  // Telegram only posts to https; saying so here beats a refusal at setWebhook.
  v.startsWith("https://", "must start with https:// (Telegram only posts updates to https)"),
);

const webhookSecret = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -"),
);

const port = v.pipe(
  v.string(),
  v.regex(/^\d+$/, PORT_MESSAGE),
  v.transform(Number),
  v.integer(PORT_MESSAGE),
  v.minValue(1, PORT_MESSAGE),
  v.maxValue(65535, PORT_MESSAGE),
);

/**
 * The variables every run mode reads. PORT, WEBHOOK_URL and WEBHOOK_SECRET are checked in every
 * mode too, so that a typo is reported before it matters rather than when the mode changes.
 * A new setting is one entry here and its name in {@link settings}.
 */
const common = {
  TELEGRAM_API_ROOT: v.optional(
    v.pipe(
      v.string(),
      v.url("must be a URL such as https://api.telegram.org"),
      v.transform((url) => url.replace(/\/+$/, "")),
    ),
    "https://api.telegram.org",
  ),
  KNOWLEDGE_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), "knowledge"),
  LOCALES_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), "locales"),
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), "data"),
  WEBHOOK_URL: v.optional(webhookUrl),
  WEBHOOK_SECRET: v.optional(webhookSecret),
  PORT: v.optional(port, "8080"),
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
      v.transform((s) => {
        const [messages = 0, seconds = 0] = s.split("/").map(Number);
        return { messages, seconds };
      }),
      // 0 messages would refuse everyone; 0 seconds would silently disable the limit.
      v.check(
        ({ messages, seconds }) => messages >= 1 && seconds >= 1,
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
};

/**
 * The validated common variables, as the rest of the bot names them; `token` keys the question
 * log when QUESTION_LOG_KEY is not set.
 */
function settings(env: v.InferOutput<v.ObjectSchema<typeof common, undefined>>, token?: string) {
  return {
    apiRoot: env.TELEGRAM_API_ROOT,
    knowledgeDir: env.KNOWLEDGE_DIR,
    /**
     * Whether changes to the knowledge folder are noticed by themselves (KNOWLEDGE_WATCH); off
     * where change notifications do not work (NFS), leaving SIGHUP, /reload and Redis.
     */
    knowledgeWatch: env.KNOWLEDGE_WATCH === "on",
    localesDir: env.LOCALES_DIR,
    dataDir: env.DATA_DIR,
    logLevel: env.LOG_LEVEL,
    /** Absent: preferences and the question log live in files under DATA_DIR. */
    redisUrl: env.REDIS_URL,
    /** Absent: everyone may use the bot. */
    allowedUsers: env.ALLOWED_USERS,
    allowedChats: env.ALLOWED_CHATS,
    /** Users allowed /stats, /reload, and to import and remove documents, in a private chat. */
    adminUsers: env.ADMIN_USERS ?? [],
    /**
     * The question log: off, or kept for `days` with user ids hashed under `key`
     * (QUESTION_LOG_KEY, else derived from the bot token; absent in a terminal chat without it).
     */
    questionLog: {
      enabled: env.QUESTION_LOG === "on",
      days: env.QUESTION_LOG_DAYS,
      key: env.QUESTION_LOG_KEY ?? (token ? deriveLogKey(token) : undefined),
    },
    /** At most `messages` per `seconds` from one user. */
    rateLimit: env.RATE_LIMIT,
    /** How long a stopping bot waits for the updates in flight before it exits anyway. */
    shutdownGraceSeconds: env.SHUTDOWN_GRACE_SECONDS,
    /** Put before every Redis key, so that several bots can share one Redis. */
    redisPrefix: env.REDIS_PREFIX,
    /** The long-poll `timeout` of getUpdates; a poll unanswered a few seconds later is abandoned. */
    pollTimeoutSeconds: env.POLL_TIMEOUT_SECONDS,
    /** The longest wait between two attempts to reach an unreachable Bot API. */
    retryMaxSeconds: env.RETRY_MAX_SECONDS,
  };
}

/** The messages for a variable a mode requires, by variable (valibot reports a missing key). */
const REQUIRED: Readonly<Record<string, string>> = {
  BOT_TOKEN: "required with WEBHOOK_URL: the webhook mode needs the token from @BotFather",
  WEBHOOK_SECRET: "required with WEBHOOK_URL, so that only Telegram can post updates",
};
const required = (issue: v.BaseIssue<unknown>) =>
  REQUIRED[String(issue.path?.at(-1)?.key)] ?? issue.message;

/**
 * One schema per run mode. The mode follows from the variables set: no BOT_TOKEN is a terminal
 * chat, WEBHOOK_URL a webhook server (it needs BOT_TOKEN and WEBHOOK_SECRET), else long polling.
 */
const modes = v.variant("MODE", [
  v.pipe(
    v.object({ MODE: v.literal("terminal"), ...common }),
    v.transform((env) => ({ mode: env.MODE, ...settings(env) })),
  ),
  v.pipe(
    v.object({ MODE: v.literal("polling"), BOT_TOKEN: botToken, ...common }),
    v.transform((env) => ({
      mode: env.MODE,
      botToken: env.BOT_TOKEN,
      ...settings(env, env.BOT_TOKEN),
    })),
  ),
  v.pipe(
    v.object(
      {
        MODE: v.literal("webhook"),
        BOT_TOKEN: botToken,
        ...common,
        // Listed again as required: their place (and so the order of the problems) stays that of common.
        WEBHOOK_URL: webhookUrl,
        WEBHOOK_SECRET: webhookSecret,
      },
      required,
    ),
    v.transform((env) => ({
      mode: env.MODE,
      botToken: env.BOT_TOKEN,
      /** Where Telegram posts updates, the secret it sends back, and the port the server listens on. */
      webhook: { url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET, port: env.PORT },
      ...settings(env, env.BOT_TOKEN),
    })),
  ),
]);

/** Which mode the environment asks for: what {@link modes} is discriminated by. */
function modeOf(env: Readonly<Record<string, string>>): "terminal" | "polling" | "webhook" {
  if (env.WEBHOOK_URL) return "webhook";
  return env.BOT_TOKEN?.trim() ? "polling" : "terminal";
}

/**
 * The bot's settings, validated once at start-up: one shape per run mode (`mode`), so that a
 * webhook without its URL and secret, or a bot without a token, cannot be written.
 */
export type Config = v.InferOutput<typeof modes>;

/** The settings of a bot that receives updates by webhook. */
export type WebhookConfig = Extract<Config, { mode: "webhook" }>;

/**
 * Validates the environment into a {@link Config}. Empty variables count as unset.
 * @throws {ConfigError} listing every invalid variable
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const set = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
    ),
  );
  const result = v.safeParse(modes, { ...set, MODE: modeOf(set) });
  if (!result.success) {
    throw new ConfigError(
      result.issues.map((issue) => {
        const key = issue.path?.map((p) => String(p.key)).join(".");
        return key ? `${key}: ${issue.message}` : issue.message;
      }),
    );
  }
  return result.output;
}

/**
 * The key that hashes user ids in the question log when QUESTION_LOG_KEY is not set: derived
 * from the bot token (never the token itself), so that the hashes are stable across restarts
 * and cannot be recomputed by anyone without the token.
 */
export function deriveLogKey(botToken: string): string {
  return createHmac("sha256", botToken).update("question-log user hash").digest("hex");
}
