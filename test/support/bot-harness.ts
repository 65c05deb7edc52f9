import type { Chat, InlineKeyboardMarkup, Message, Update, UserFromGetMe } from "grammy/types";
import { assembleApp, memoryParts } from "../../src/app.js";
import { offlineBotInfo } from "../../src/bot/bot-info.js";
import { createTranslator } from "../../src/bot/i18n.js";
import { type Config, loadConfig } from "../../src/config.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { createLogger } from "../../src/logger.js";
import type { QuestionLog } from "../../src/questions/log.js";
import { SearchEngine } from "../../src/search/engine.js";
import type { PreferenceStore } from "../../src/store/preferences.js";
import { BotApiEmulator } from "../../testkit/telegram/emulator.js";
import type { UserMessageExtra } from "../../testkit/telegram/types.js";

export const BOT_INFO: UserFromGetMe = offlineBotInfo({
  id: 42,
  first_name: "Docs",
  username: "docs_test_bot",
});

/** A Bot API call the bot made. */
export interface Call {
  readonly method: string;
  readonly payload: Record<string, unknown>;
}

const knowledge = await loadKnowledge("knowledge");
const engine = new SearchEngine(knowledge);
const translator = createTranslator("locales");

export interface Harness {
  /** The calls the bot made since the last `clear()`, oldest first. */
  readonly calls: readonly Call[];
  readonly logs: string[];
  /** Texts of sendMessage calls since the last `clear()`. */
  texts(): string[];
  clear(): void;
  send(
    text: string,
    options?: {
      user?: number;
      language?: string;
      chat?: { id: number; type: "group" | "supergroup" | "private" };
      replyToBot?: boolean;
      thread?: number;
    },
  ): Promise<void>;
  /** Taps a button; `markup` is the keyboard of the message it sits under. */
  tap(
    data: string,
    options?: { user?: number; language?: string; markup?: InlineKeyboardMarkup },
  ): Promise<void>;
  update(update: Omit<Update, "update_id">): Promise<void>;
  /** Buttons (text → callback data) of the last message that had a keyboard. */
  lastButtons(): Map<string, string>;
}

const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/**
 * The real bot in this process, its Bot API calls answered by the emulator in process (the same
 * methods, validation and strict HTML as over HTTP), its updates made by the emulator's users.
 */
export function createHarness(
  env: Record<string, string> = {},
  preferences?: PreferenceStore,
  world: { knowledge: KnowledgeBase; engine: SearchEngine } = { knowledge, engine },
  questions?: QuestionLog,
  api: { readonly latencyMs?: number } = {},
): Harness {
  const config: Config = loadConfig({
    BOT_TOKEN: TOKEN,
    RATE_LIMIT: "1000/1",
    ...env,
  });
  const logs: string[] = [];
  const logger = createLogger("info", [TOKEN], {
    write: (line: string) => logs.push(line),
  });
  const app = assembleApp(config, logger, {
    ...memoryParts(config, world, translator),
    ...(preferences ? { preferences } : {}),
    ...(questions ? { questions } : {}),
  });
  const bot = app.bot({ botInfo: BOT_INFO });
  // Groups deliver everything: what the bot ignores there is its own decision under test.
  const telegram = BotApiEmulator.inProcess({
    botInfo: BOT_INFO,
    privacyMode: false,
    strictHtml: true,
  });
  // A slow Telegram, for behaviour that depends on how long a call takes.
  if (api.latencyMs) telegram.failWhile("*", { kind: "timeout", ms: api.latencyMs });
  bot.api.config.use(
    (_previous, method, payload) =>
      telegram.call(method, payload as Record<string, unknown>) as never,
  );
  const deliver = async () => {
    for (const update of telegram.takeUpdates()) await bot.handleUpdate(update);
  };
  const user = (id = 7, language = "en") => ({
    id,
    is_bot: false,
    first_name: "Ann",
    language_code: language,
  });
  const privateChat = (id: number): Chat => ({ id, type: "private", first_name: "Ann" });
  /** The bot message a tap lands on: the last one with that button, else one made for it. */
  const tapped = (chat: Chat, data: string, markup?: InlineKeyboardMarkup): Message => {
    const has = (m: Message) =>
      m.reply_markup?.inline_keyboard
        .flat()
        .some((b) => "callback_data" in b && b.callback_data === data);
    const withButton = telegram.sentMessages(chat.id).filter(has).at(-1);
    if (
      withButton &&
      (!markup || JSON.stringify(withButton.reply_markup) === JSON.stringify(markup))
    )
      return withButton;
    return telegram.earlierBotMessage(chat, "x", markup);
  };
  const harness: Harness = {
    get calls() {
      return telegram.calls as readonly Call[];
    },
    logs,
    texts: () =>
      telegram.callsTo("sendMessage").map((c) => String((c.payload as { text: string }).text)),
    clear: () => telegram.clearCalls(),
    async update(update) {
      telegram.sendUpdate(update);
      await deliver();
    },
    async send(text, options = {}) {
      const from = user(options.user, options.language);
      const where = options.chat ?? { id: from.id, type: "private" as const };
      const chat: Chat =
        where.type === "private"
          ? privateChat(where.id)
          : ({
              id: where.id,
              type: where.type,
              title: "Group",
              // Topics are threads of a forum.
              ...(options.thread ? { is_forum: true } : {}),
            } as Chat);
      const extra: UserMessageExtra = {};
      if (options.replyToBot) extra.replyTo = telegram.earlierBotMessage(chat, "earlier answer");
      if (options.thread) extra.threadId = options.thread;
      telegram.userSendsText(from, chat, text, extra);
      await deliver();
    },
    async tap(data, options = {}) {
      const from = user(options.user, options.language);
      const message = tapped(privateChat(from.id), data, options.markup);
      telegram.userTapsButton(from, message, data, { unchecked: true });
      await deliver();
    },
    lastButtons() {
      const withKeyboard = [...telegram.calls].reverse().find((c) => c.payload.reply_markup);
      const rows =
        (
          withKeyboard?.payload.reply_markup as
            | { inline_keyboard?: { text: string; callback_data?: string }[][] }
            | undefined
        )?.inline_keyboard ?? [];
      return new Map(rows.flat().map((b) => [b.text, b.callback_data ?? ""]));
    },
  };
  return harness;
}
