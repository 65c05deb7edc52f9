import type { InlineKeyboardMarkup, Update, UserFromGetMe } from "grammy/types";
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
import { fakeApiResult } from "./fake-api.js";

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
  readonly calls: Call[];
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

let updateId = 0;
const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/** The real bot with every Bot API call recorded instead of sent (grammY's own test approach). */
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
  const calls: Call[] = [];
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
  let messageId = 100;
  bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    // A slow Telegram, for behaviour that depends on how long a call takes.
    if (api.latencyMs) await new Promise((resolve) => setTimeout(resolve, api.latencyMs));
    const body = payload as Record<string, unknown>;
    return fakeApiResult(method, body, ++messageId);
  });
  const user = (id = 7, language = "en") => ({
    id,
    is_bot: false,
    first_name: "Ann",
    language_code: language,
  });
  const harness: Harness = {
    calls,
    logs,
    texts: () => calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text)),
    clear: () => void calls.splice(0),
    async update(update) {
      await bot.handleUpdate({ update_id: ++updateId, ...update } as Update);
    },
    async send(text, options = {}) {
      const from = user(options.user, options.language);
      const chat = options.chat ?? { id: from.id, type: "private" as const };
      const command = /^\/\w+(@\w+)?/.exec(text);
      const entities = [
        ...(command
          ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }]
          : []),
        ...[...text.matchAll(/@\w+/g)]
          .filter((m) => !command || (m.index ?? 0) >= command[0].length)
          .map((m) => ({ type: "mention" as const, offset: m.index ?? 0, length: m[0].length })),
      ];
      await harness.update({
        message: {
          message_id: ++messageId,
          date: 0,
          chat:
            chat.type === "private"
              ? { id: chat.id, type: "private", first_name: "Ann" }
              : { id: chat.id, type: chat.type, title: "Group" },
          from,
          text,
          ...(entities.length ? { entities } : {}),
          ...(options.replyToBot
            ? {
                reply_to_message: {
                  message_id: 1,
                  date: 0,
                  chat: { id: chat.id, type: "group", title: "Group" },
                  from: BOT_INFO,
                  text: "earlier answer",
                },
              }
            : {}),
          ...(options.thread ? { message_thread_id: options.thread, is_topic_message: true } : {}),
        } as never,
      });
    },
    async tap(data, options = {}) {
      const from = user(options.user, options.language);
      await harness.update({
        callback_query: {
          id: String(++messageId),
          from,
          chat_instance: "1",
          data,
          message: {
            message_id: 1,
            date: 0,
            chat: { id: from.id, type: "private", first_name: "Ann" },
            text: "x",
            ...(options.markup ? { reply_markup: options.markup } : {}),
          } as never,
        },
      });
    },
    lastButtons() {
      const withKeyboard = [...calls].reverse().find((c) => c.payload.reply_markup);
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
