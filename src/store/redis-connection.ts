import { Redis } from "ioredis";
import { StartupError } from "../errors.js";
import type { Logger } from "../logger.js";
import { StoreOutage } from "./outage.js";

/** Redis calls give up after this long: a frozen Redis must not stall every update. */
export const REDIS_TIMEOUT_MS = 1_000;

/** Redis could not be used at start-up: one line saying which problem and how to fix it. */
export class RedisStartError extends StartupError {
  override readonly name = "RedisStartError";

  constructor(message: string) {
    super(message, 1);
  }
}

/** Where REDIS_URL points, without credentials (they never reach a message). */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "6379"}`;
  } catch {
    return "REDIS_URL";
  }
}

/**
 * Connects to Redis with short timeouts and no offline queue (a call while Redis is down fails
 * at once, and the bot answers in Telegram's language instead of waiting), reconnecting in the
 * background. An outage is logged once when it starts and once when it ends.
 * @throws {RedisStartError} when Redis is unreachable or refuses the credentials at start-up
 */
export async function connectRedis(
  url: string,
  logger: Logger,
): Promise<{ redis: Redis; outage: StoreOutage }> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    commandTimeout: REDIS_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastError: (Error & { code?: string }) | undefined;
  let started = false;
  const outage = new StoreOutage(`redis ${where(url)}`, logger);
  redis.on("error", (error: Error & { code?: string }) => {
    lastError = error;
    if (started) outage.failed(error);
  });
  // A close without an error (Redis shut down cleanly) is an outage too.
  redis.on("close", () => {
    if (started) outage.failed(new Error("connection closed"));
  });
  redis.on("ready", () => outage.succeeded());
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const cause = lastError ?? (error as Error & { code?: string });
    const text = `${cause.code ?? ""} ${cause.message}`;
    if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(text))
      throw new RedisStartError(
        `Redis at ${where(url)} refused the credentials in REDIS_URL (${/NOAUTH/.test(text) ? "NOAUTH: a password is required" : "WRONGPASS"}): put the right password in REDIS_URL (redis://:PASSWORD@host:port or redis://USER:PASSWORD@host:port).`,
      );
    throw new RedisStartError(
      `Cannot reach Redis at ${where(url)} (${cause.code ?? cause.message}): start redis-server there, or fix REDIS_URL.`,
    );
  }
  started = true;
  return { redis, outage };
}

/**
 * Warns when Redis would lose acknowledged choices on a restart: without the append-only file,
 * everything since the last snapshot is gone. CONFIG may be disabled (managed Redis): then the
 * check is skipped with a note.
 */
export async function checkPersistence(redis: Redis, logger: Logger): Promise<void> {
  let settings: Record<string, string>;
  try {
    const reply = (await redis.call("CONFIG", "GET", "append*")) as string[];
    settings = Object.fromEntries(
      reply.flatMap((item, i) => (i % 2 === 0 ? [[item, reply[i + 1] ?? ""]] : [])),
    );
  } catch (error) {
    logger.info(
      { error: (error as Error).message },
      "cannot check Redis persistence (CONFIG GET refused); make sure appendonly is yes",
    );
    return;
  }
  if (settings.appendonly !== "yes")
    logger.warn(
      { appendonly: settings.appendonly },
      "Redis persistence: appendonly is off, so a Redis restart loses the language choices made since its last snapshot; run redis-server with --appendonly yes --appendfsync everysec",
    );
  else if (settings.appendfsync === "no")
    logger.warn(
      { appendfsync: settings.appendfsync },
      "Redis persistence: appendfsync is no, so a crash can lose many seconds of choices; use --appendfsync everysec",
    );
}
