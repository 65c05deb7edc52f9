import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The one-line problems `loadConfig` reports for `env`, or [] if it accepts it. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig({ BOT_TOKEN: TOKEN, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration messages name the variable and how to fix it", () => {
  it.each(["0/10", "6/0"])("refuses RATE_LIMIT=%s", (value) => {
    expect(problems({ RATE_LIMIT: value })).toEqual([
      "RATE_LIMIT: must be MESSAGES/SECONDS with both at least 1, e.g. 5/10",
    ]);
  });

  it("watches the knowledge folder unless KNOWLEDGE_WATCH is off", () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN }).knowledgeWatch).toBe(true);
    expect(loadConfig({ BOT_TOKEN: TOKEN, KNOWLEDGE_WATCH: "off" }).knowledgeWatch).toBe(false);
    expect(problems({ KNOWLEDGE_WATCH: "no" })).toEqual(["KNOWLEDGE_WATCH: must be on or off"]);
  });

  it("accepts LOG_LEVEL in any case", () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN, LOG_LEVEL: "INFO" }).logLevel).toBe("info");
  });

  it.each(["99999", "0", "http"])("refuses PORT=%s in plain words", (value) => {
    expect(problems({ PORT: value })).toEqual(["PORT: must be a port number from 1 to 65535"]);
  });

  it("refuses an http:// WEBHOOK_URL before Telegram does", () => {
    expect(
      problems({ WEBHOOK_URL: "http://bot.example.test/hook", WEBHOOK_SECRET: "s".repeat(16) }),
    ).toEqual(["WEBHOOK_URL: must start with https:// (Telegram only posts updates to https)"]);
  });

  it("has a bounded shutdown grace period, 25 s unless SHUTDOWN_GRACE_SECONDS says otherwise", () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN }).shutdownGraceSeconds).toBe(25);
    expect(loadConfig({ BOT_TOKEN: TOKEN, SHUTDOWN_GRACE_SECONDS: "3" }).shutdownGraceSeconds).toBe(
      3,
    );
    expect(problems({ SHUTDOWN_GRACE_SECONDS: "-1" })).toEqual([
      "SHUTDOWN_GRACE_SECONDS: must be a whole number of seconds from 0 to 86400",
    ]);
  });

  it("prefixes Redis keys with docbot: unless REDIS_PREFIX says otherwise", () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN }).redisPrefix).toBe("docbot:");
    expect(loadConfig({ BOT_TOKEN: TOKEN, REDIS_PREFIX: "a:" }).redisPrefix).toBe("a:");
  });
});
