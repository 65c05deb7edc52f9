import { describe, expect, it } from "vitest";
import { type Config, ConfigError, deriveLogKey, loadConfig } from "../../src/config.js";

const TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const URL = "https://bot.example.test/hook";
const SECRET = "s".repeat(16);

/** The one-line problems `loadConfig` reports for `env`, or [] if it accepts it. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("the run mode follows from the variables set", () => {
  it("is a terminal chat without BOT_TOKEN, with neither token nor webhook", () => {
    const config = loadConfig({});
    expect(config.mode).toBe("terminal");
    expect(config).not.toHaveProperty("botToken");
    expect(config).not.toHaveProperty("webhook");
  });

  it("is a terminal chat when BOT_TOKEN is blank", () => {
    expect(loadConfig({ BOT_TOKEN: "   " }).mode).toBe("terminal");
  });

  it("hashes question-log users only under QUESTION_LOG_KEY in a terminal chat", () => {
    expect(loadConfig({}).questionLog.key).toBeUndefined();
    const key = "a-long-random-secret-key";
    expect(loadConfig({ QUESTION_LOG_KEY: key }).questionLog.key).toBe(key);
  });

  it("is long polling with BOT_TOKEN alone", () => {
    const config = loadConfig({ BOT_TOKEN: ` ${TOKEN} ` });
    expect(config).toMatchObject({ mode: "polling", botToken: TOKEN });
    expect(config).not.toHaveProperty("webhook");
    expect(config.questionLog.key).toBe(deriveLogKey(TOKEN));
  });

  it("is a webhook on port 8080 with BOT_TOKEN, WEBHOOK_URL and WEBHOOK_SECRET", () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_URL: URL, WEBHOOK_SECRET: SECRET });
    expect(config).toMatchObject({
      mode: "webhook",
      botToken: TOKEN,
      webhook: { url: URL, secret: SECRET, port: 8080 },
    });
  });

  it("listens on PORT in webhook mode", () => {
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      WEBHOOK_URL: URL,
      WEBHOOK_SECRET: SECRET,
      PORT: "8443",
    });
    expect(config.mode === "webhook" && config.webhook.port).toBe(8443);
  });

  it("drops the trailing slash of TELEGRAM_API_ROOT", () => {
    expect(loadConfig({ TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" }).apiRoot).toBe(
      "http://127.0.0.1:8081",
    );
  });
});

describe("a webhook cannot be half configured", () => {
  it("refuses WEBHOOK_URL without WEBHOOK_SECRET", () => {
    expect(problems({ BOT_TOKEN: TOKEN, WEBHOOK_URL: URL })).toEqual([
      "WEBHOOK_SECRET: required with WEBHOOK_URL, so that only Telegram can post updates",
    ]);
  });

  it("refuses WEBHOOK_URL without BOT_TOKEN instead of opening a terminal chat", () => {
    expect(problems({ WEBHOOK_URL: URL, WEBHOOK_SECRET: SECRET })).toEqual([
      "BOT_TOKEN: required with WEBHOOK_URL: the webhook mode needs the token from @BotFather",
    ]);
  });

  it("reports every missing and invalid webhook variable at once", () => {
    expect(problems({ WEBHOOK_URL: "http://bot.example.test/hook", PORT: "0" })).toEqual([
      "BOT_TOKEN: required with WEBHOOK_URL: the webhook mode needs the token from @BotFather",
      "WEBHOOK_URL: must start with https:// (Telegram only posts updates to https)",
      "WEBHOOK_SECRET: required with WEBHOOK_URL, so that only Telegram can post updates",
      "PORT: must be a port number from 1 to 65535",
    ]);
  });

  it("checks WEBHOOK_SECRET and PORT even while polling, so a typo shows before it matters", () => {
    expect(problems({ BOT_TOKEN: TOKEN, WEBHOOK_SECRET: "short", PORT: "http" })).toEqual([
      "WEBHOOK_SECRET: must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -",
      "PORT: must be a port number from 1 to 65535",
    ]);
  });

  it("gives the webhook settings only to a webhook configuration (checked by tsc)", () => {
    const config: Config = loadConfig({ BOT_TOKEN: TOKEN });
    // @ts-expect-error: without narrowing `mode` to "webhook" there is no webhook to read
    expect(config.webhook).toBeUndefined();
    if (config.mode === "webhook") expect(config.webhook.url).toBe(URL);
    // @ts-expect-error: a terminal chat has no token, so it cannot be written with one
    const impossible: Config = { ...loadConfig({}), mode: "terminal", botToken: TOKEN };
    expect(impossible.mode).toBe("terminal");
  });
});
