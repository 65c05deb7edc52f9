import { expect } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import {
  BotApiEmulator,
  makeUser,
  privateChat,
  type RecordedCall,
} from "../../testkit/telegram/emulator.js";

/** The question every polling spec asks, answered from ¶3. */
export const QUESTION = "What did Glazyev say about sanctions?";

/** An emulated Bot API and the polling bots of one spec file, one bot at a time. */
export class PollingBots {
  readonly bots: BotProcess[] = [];

  private constructor(
    readonly api: BotApiEmulator,
    readonly token: string,
  ) {}

  static async start(token: string, username: string): Promise<PollingBots> {
    return new PollingBots(await BotApiEmulator.start({ token, botInfo: { username } }), token);
  }

  /** Kills every bot and closes the emulator. */
  async close(): Promise<void> {
    await this.stopEarlierBots();
    await this.api.close();
  }

  /** One poller at a time: an earlier test's bot would meet the faults meant for this one. */
  async stopEarlierBots(): Promise<void> {
    await Promise.all(this.bots.splice(0).map((bot) => bot.stop("SIGKILL")));
  }

  /** A polling bot with short timings, as a test can afford to wait for. */
  async startPolling(emulator = this.api, env: Record<string, string> = {}): Promise<BotProcess> {
    await this.stopEarlierBots();
    const since = emulator.mark();
    const bot = await startBotProcess({
      BOT_TOKEN: this.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      ...POLLING_ENV,
      ...env,
    });
    this.bots.push(bot);
    await emulator.waitFor((c) => c.method === "getUpdates", 10_000, { since });
    return bot;
  }

  /** A new user asks {@link QUESTION}; resolves with the answer. */
  async ask(emulator = this.api, timeoutMs = 10_000) {
    const user = makeUser();
    const since = emulator.mark();
    emulator.userSendsText(user, privateChat(user), QUESTION);
    return emulator.waitForMessage({ chatId: user.id, text: /¶3/ }, timeoutMs, { since });
  }

  /** Waits for `count` calls of `method` that met an injected fault since `since`. */
  async failedCalls(method: string, count: number, since: number): Promise<RecordedCall[]> {
    const failed = () =>
      this.api.calls.filter((c) => c.seq >= since && c.method === method && c.fault);
    await expect
      .poll(() => failed().length, { timeout: 10_000, interval: 50 })
      .toBeGreaterThanOrEqual(count);
    return failed();
  }
}

/** Short poll and back-off cap, so that recoveries take a second, not twenty. */
export const POLLING_ENV = { POLL_TIMEOUT_SECONDS: "1", RETRY_MAX_SECONDS: "1" };

/** Milliseconds between one call and the next. */
export function pauses(calls: readonly RecordedCall[]): number[] {
  return calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? call.at));
}
