import { describe, expect, it } from "vitest";
import { ConfigError, deriveLogKey, loadConfig } from "../../src/config.js";

const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("operator settings", () => {
  it("keep the question log 30 days by default, keyed by a hash of the token", () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN });
    expect(config.questionLog).toEqual({ enabled: true, days: 30, key: deriveLogKey(TOKEN) });
    expect(config.questionLog.key).not.toContain(TOKEN);
    expect(config.adminUsers).toEqual([]);
  });

  it("read ADMIN_USERS, QUESTION_LOG, QUESTION_LOG_DAYS and QUESTION_LOG_KEY", () => {
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      ADMIN_USERS: "1, 2",
      QUESTION_LOG: "off",
      QUESTION_LOG_DAYS: "7",
      QUESTION_LOG_KEY: "a-long-random-secret-key",
    });
    expect(config.adminUsers).toEqual([1, 2]);
    expect(config.questionLog).toEqual({
      enabled: false,
      days: 7,
      key: "a-long-random-secret-key",
    });
  });

  it("name each invalid variable without echoing a secret", () => {
    const problems = problemsOf({
      ADMIN_USERS: "me",
      QUESTION_LOG: "maybe",
      QUESTION_LOG_DAYS: "0",
      QUESTION_LOG_KEY: "short-secret",
    });
    expect(problems).toEqual([
      "ADMIN_USERS: must be comma-separated numeric Telegram ids",
      "QUESTION_LOG: must be on or off",
      "QUESTION_LOG_DAYS: must be at least 1 day",
      "QUESTION_LOG_KEY: must be at least 16 characters (a random secret)",
    ]);
  });
});
