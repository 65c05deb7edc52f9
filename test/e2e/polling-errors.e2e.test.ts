import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotApiEmulator } from "../../testkit/telegram/emulator.js";
import { PollingBots } from "./polling-bots.js";

let polling: PollingBots;
let api: BotApiEmulator;

beforeAll(async () => {
  polling = await PollingBots.start(
    "777015:POLLERR-secret-token-abcdefghij012",
    "polling_errors_e2e_bot",
  );
  api = polling.api;
});
afterAll(async () => {
  await polling?.close();
});

describe("long polling recovers from errors", () => {
  it("keeps polling after 409 Conflict (another poller), saying what to do", async () => {
    const bot = await polling.startPolling();
    const since = api.mark();
    api.failNext(
      "getUpdates",
      { kind: "error", code: 409, description: "Conflict: terminated by other getUpdates request" },
      2,
    );
    await api.waitFor((c) => c.method === "getUpdates" && c.fault !== undefined, 5_000, { since });
    await polling.ask();
    expect(bot.child.exitCode).toBeNull();
    expect(bot.output()).toMatch(/Another process is polling with this token/);
  });

  it("stops with one line when the token is revoked while running (401)", async () => {
    const bot = await polling.startPolling();
    api.failWhile("getUpdates", { kind: "error", code: 401, description: "Unauthorized" });
    try {
      expect(await bot.exited()).toBe(1);
    } finally {
      api.clearFaults();
    }
    expect(bot.output()).toMatch(
      /"msg":"The Bot API rejected BOT_TOKEN \(401 Unauthorized\): the token was revoked or changed/,
    );
    expect(bot.output()).not.toMatch(/uncaught|stack/);
  });

  it("survives a Bot API answer that is not a list of updates", async () => {
    const odd = await BotApiEmulator.start({
      token: polling.token,
      botInfo: { username: "odd_bot" },
    });
    try {
      const bot = await polling.startPolling(odd);
      odd.handle("getUpdates", () => ({}));
      const since = odd.mark();
      await bot.waitForLog(/getUpdates answered something that is not a list of updates/);
      // It polls again (after its back-off) instead of crashing.
      const polls = () => odd.calls.filter((c) => c.seq >= since && c.method === "getUpdates");
      await expect.poll(() => polls().length, { timeout: 5_000, interval: 50 }).toBeGreaterThan(1);
      expect(bot.child.exitCode).toBeNull();
      await bot.stop("SIGTERM");
    } finally {
      await odd.close();
    }
  });
});
