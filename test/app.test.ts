import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { StartupError } from "../src/errors.js";
import { createLogger } from "../src/logger.js";
import { BotApiEmulator, makeUser, privateChat } from "../testkit/telegram/emulator.js";
import { BOT_INFO } from "./support/bot-harness.js";

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
    const telegram = BotApiEmulator.inProcess({ botInfo: BOT_INFO });
    bot.api.config.use(
      (_previous, method, payload) =>
        telegram.call(method, payload as Record<string, unknown>) as never,
    );
    const ann = makeUser({ first_name: "Ann" });
    const menu = telegram.earlierBotMessage(privateChat(ann), "Language?");
    telegram.userTapsButton(ann, menu, "l:ru", { unchecked: true });
    telegram.userSendsText(ann, privateChat(ann), "/sources");
    for (const update of telegram.takeUpdates()) await bot.handleUpdate(update);
    const texts = telegram
      .callsTo("sendMessage")
      .map((c) => String((c.payload as { text: string }).text));
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
