import { join } from "node:path";
import { MemorySessionStorage } from "grammy";
import { Redis } from "ioredis";
import type { Config } from "../config.js";
import { FileStorage } from "../store/file-storage.js";
import { QuestionLog } from "./log.js";
import { isQuestionRecord, type QuestionRecord } from "./record.js";
import { RedisListableStorage } from "./redis-storage.js";

/** Redis keys of the log start with this. */
export const QUESTION_KEY_PREFIX = "questions:";

/**
 * Opens the question log in the same storage as the preferences: Redis when REDIS_URL is set,
 * else the `questions` folder of DATA_DIR. With QUESTION_LOG=off nothing is opened or written.
 * @throws {StoreError} when a file of the log cannot be read back
 */
export async function openQuestionLog(
  config: Config,
  onError?: (error: unknown) => void,
): Promise<{ log: QuestionLog; close: () => Promise<void> }> {
  const options = { ...config.questionLog, ...(onError ? { onError } : {}) };
  if (!options.enabled) {
    return {
      log: new QuestionLog(new MemorySessionStorage<QuestionRecord>(), options),
      close: async () => {},
    };
  }
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    await redis.connect();
    const storage = new RedisListableStorage<QuestionRecord>(
      redis,
      QUESTION_KEY_PREFIX,
      isQuestionRecord,
      options.days * 24 * 3600,
    );
    const log = new QuestionLog(storage, options);
    return {
      log,
      close: async () => {
        await log.flush();
        await redis.quit();
      },
    };
  }
  // The log grows with every question: entries are read from disk when needed, not kept.
  const files = await FileStorage.open<QuestionRecord>(
    join(config.dataDir, "questions"),
    isQuestionRecord,
    undefined,
    { cache: false },
  );
  const log = new QuestionLog(files, options);
  await log.sweep();
  return {
    log,
    close: async () => {
      await log.flush();
      await files.flush();
    },
  };
}
