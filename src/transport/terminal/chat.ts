import { createInterface } from "node:readline";
import type { Bot, Transformer } from "grammy";
import type { InlineKeyboardButton, Update, UserFromGetMe } from "grammy/types";
import { offlineBotInfo } from "../../bot/bot-info.js";
import type { BotContext } from "../../bot/context.js";
import { dim, renderHtml } from "./render.js";

/** The bot's identity in the terminal chat (no Telegram account behind it). */
export const TERMINAL_BOT: UserFromGetMe = offlineBotInfo({
  id: 1,
  first_name: "Cited Docs",
  username: "cited_docs_bot",
});

interface TerminalOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Telegram-style language code of the person at the terminal. */
  readonly languageCode: string;
  readonly colour: boolean;
}

type Payload = Record<string, unknown>;

/**
 * Runs the bot's own handlers as a chat in the terminal: each line becomes a Telegram update,
 * each Bot API call is rendered instead of sent. Buttons are numbered; typing a number taps one.
 */
export async function runTerminalChat(
  bot: Bot<BotContext>,
  options: TerminalOptions,
): Promise<void> {
  const { output, colour } = options;
  const write = (text: string) => output.write(`${text}\n`);
  const user = { id: 1000, is_bot: false, first_name: "You", language_code: options.languageCode };
  const chat = { id: 1000, type: "private" as const, first_name: "You" };
  let buttons: { message: Payload; button: InlineKeyboardButton.CallbackButton }[] = [];
  let messageId = 0;
  let updateId = 0;
  const messages = new Map<number, Payload>();

  const showKeyboard = (message: Payload, markup: unknown) => {
    const rows = (markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)
      ?.inline_keyboard;
    if (!rows?.length) return;
    buttons = [];
    for (const row of rows) {
      const labels = row.flatMap((button) => {
        if (!("callback_data" in button)) return [];
        buttons.push({ message, button });
        return [`[${buttons.length}] ${button.text}`];
      });
      write(dim(`   ${labels.join("   ")}`, colour));
    }
  };

  const terminalApi: Transformer = async (_previous, method, payload) => {
    const body = payload as Payload;
    const render = (text: unknown) =>
      body.parse_mode === "HTML" ? renderHtml(String(text), colour) : String(text);
    switch (method) {
      case "sendMessage": {
        const message = {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat,
          text: body.text,
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
        };
        messages.set(messageId, message);
        write(`\n${render(body.text)}`);
        showKeyboard(message, body.reply_markup);
        return { ok: true, result: message } as never;
      }
      case "editMessageText": {
        write(`\n${dim("(edited)", colour)} ${render(body.text)}`);
        buttons = [];
        showKeyboard(messages.get(Number(body.message_id)) ?? {}, body.reply_markup);
        return { ok: true, result: true } as never;
      }
      case "editMessageReplyMarkup": {
        // A feedback tap marks its button: show the keyboard again, as it now is.
        const id = Number(body.message_id);
        const message = { ...(messages.get(id) ?? {}), reply_markup: body.reply_markup };
        messages.set(id, message);
        showKeyboard(message, body.reply_markup);
        return { ok: true, result: true } as never;
      }
      case "answerCallbackQuery":
        if (body.text) write(dim(`(${String(body.text)})`, colour));
        return { ok: true, result: true } as never;
      case "sendChatAction":
        write(dim("typing…", colour));
        return { ok: true, result: true } as never;
      default:
        return { ok: true, result: true } as never;
    }
  };
  bot.api.config.use(terminalApi);

  write(
    dim(
      "Terminal chat: type a question or a command (/start, /help, /lang, /sources, /quote). A number taps a button. Ctrl-D quits.",
      colour,
    ),
  );
  const lines = createInterface({ input: options.input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    if (text === "/quit" || text === "/exit") break;
    const date = Math.floor(Date.now() / 1000);
    let update: Update;
    const tapped = /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
    if (tapped) {
      write(dim(`> ${tapped.button.text}`, colour));
      update = {
        update_id: ++updateId,
        callback_query: {
          id: String(updateId),
          from: user,
          chat_instance: "terminal",
          data: tapped.button.callback_data,
          message: tapped.message as never,
        },
      };
    } else {
      const command = /^\/\w+/.exec(text);
      update = {
        update_id: ++updateId,
        message: {
          message_id: ++messageId,
          date,
          chat,
          from: user,
          text,
          ...(command
            ? { entities: [{ type: "bot_command" as const, offset: 0, length: command[0].length }] }
            : {}),
        },
      };
    }
    await bot.handleUpdate(update);
  }
}
