import { describe, expect, it } from "vitest";
import { startBotProcess } from "../../testkit/bot-process.js";

describe("start-up problems are one line naming what to fix", () => {
  it("a missing LOCALES_DIR", async () => {
    const bot = await startBotProcess(
      { BOT_TOKEN: "", LOCALES_DIR: "no-such-locales" },
      { readyLog: /LOCALES_DIR/ },
    );
    expect(await bot.exited()).toBe(2);
    expect(bot.output().trim()).toBe(
      "LOCALES_DIR: cannot read the interface texts (Locales directory 'no-such-locales' not found); set LOCALES_DIR to the folder holding en.yaml, ru.yaml and zh.yaml.",
    );
  });
});
