import type { App } from "../app.js";
import { StartupError } from "../errors.js";
import { runTerminalChat, TERMINAL_BOT } from "./terminal/chat.js";

/**
 * Runs the bot as a chat in this terminal (no token): lines typed become messages, replies are
 * printed. Piped input is refused unless `forced`, since a script wants `ask`, not a chat.
 * @throws {StartupError} when input is not a terminal and the chat was not asked for
 */
export async function startTerminal(app: App, forced: boolean): Promise<void> {
  if (!process.stdin.isTTY && !forced) {
    throw new StartupError(
      'BOT_TOKEN is not set: put BOT_TOKEN=<token from @BotFather> in .env to run the bot, or use `npm run --silent ask -- "question"` to query the documents from a script.',
      2,
    );
  }
  const bot = app.bot({ botInfo: TERMINAL_BOT }, "terminal");
  const languageCode = (process.env.LC_ALL || process.env.LANG || "en").slice(0, 2);
  await runTerminalChat(bot, {
    input: process.stdin,
    output: process.stdout,
    languageCode,
    colour: Boolean(process.stdout.isTTY),
  });
  await app.close();
}
