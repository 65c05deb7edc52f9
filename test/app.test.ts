import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { StartupError } from "../src/errors.js";
import { createLogger } from "../src/logger.js";
import { BOT_INFO } from "./support/bot-harness.js";
import { fakeApiResult } from "./support/fake-api.js";

const TOKEN = "123456:APP-test-token-abcdefghijklmnopqrstuvw";
const logger = createLogger("silent", [TOKEN], { write: () => undefined });
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "app-test-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("the app built from the configuration", () => {
  it("answers from the configured knowledge, offers imports, and keeps a /lang choice on disk", async () => {
    const app = await createApp(loadConfig({ BOT_TOKEN: TOKEN, DATA_DIR: dataDir }), logger);
    expect(app.deps.live).toBeDefined();
    const bot = app.bot({ botInfo: BOT_INFO });
    const texts: string[] = [];
    bot.api.config.use(async (_previous, method, payload) => {
      const body = payload as Record<string, unknown>;
      if (method === "sendMessage") texts.push(String(body.text));
      return fakeApiResult(method, body, texts.length);
    });
    const from = { id: 7, is_bot: false, first_name: "Ann", language_code: "en" };
    await bot.handleUpdate({
      update_id: 1,
      callback_query: { id: "1", from, chat_instance: "1", data: "l:ru" },
    } as unknown as Update);
    await bot.handleUpdate({
      update_id: 2,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 7, type: "private", first_name: "Ann" },
        from,
        text: "/sources",
        entities: [{ type: "bot_command", offset: 0, length: 8 }],
      },
    } as Update);
    await app.close();
    expect(texts.join("\n")).toContain("Документы");
    expect(await readdir(join(dataDir, "preferences"))).toHaveLength(1);
  });

  it("stops with one line and exit code 2 when the interface texts are missing", async () => {
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      DATA_DIR: dataDir,
      LOCALES_DIR: join(dataDir, "nowhere"),
    });
    const failure = await createApp(config, logger).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).exitCode).toBe(2);
    expect((failure as StartupError).report).toMatch(/^LOCALES_DIR: cannot read/);
  });
});
