/**
 * The Bot API methods the bot calls, emulated with Telegram's validation and error texts: HTML
 * parsing, text lengths, inline keyboards, "message is not modified", unknown query ids. A test
 * adds or replaces others with `BotApiEmulator.handle()`.
 */
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
} from "grammy/types";
import { parseHtml } from "./html.js";
import {
  badRequest,
  isObject,
  isTrue,
  NOT_MODIFIED,
  optionalInt,
  optionalJson,
  optionalString,
  type Payload,
  TOO_OLD,
} from "./payload.js";
import {
  asMessage,
  type ChatState,
  type MessageRecord,
  replySnapshot,
  type StoredMessage,
  type TelegramState,
} from "./state.js";
import { detectEntities, type FormattedText, ParseEntitiesError, trimFormatted } from "./text.js";
import { BotApiError, type MethodHandler } from "./types.js";

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);
const BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];
/** Reads and validates what the bot sends: texts, captions, keyboards, reply targets. */
class Messages {
  constructor(
    private readonly state: TelegramState,
    private readonly strictHtml: boolean,
  ) {}

  formatted(p: Payload, textKey: string, parseModeKey: string, entitiesKey: string): FormattedText {
    const raw = optionalString(p, textKey) ?? "";
    const explicit = optionalJson(p, entitiesKey);
    let value: FormattedText;
    if (Array.isArray(explicit) && explicit.length > 0) {
      value = { text: raw, entities: explicit as MessageEntity[] };
    } else {
      const mode = (optionalString(p, parseModeKey) ?? "").toLowerCase();
      try {
        // The bot only formats with HTML: other parse modes are refused rather than emulated.
        if (mode === "html") value = parseHtml(raw, { strictAmpersand: this.strictHtml });
        else if (mode === "") value = { text: raw, entities: [] };
        else throw badRequest(`parse_mode ${mode} is not emulated: use HTML`);
      } catch (error) {
        if (error instanceof ParseEntitiesError) {
          throw badRequest(`can't parse entities: ${error.message}`);
        }
        throw error;
      }
    }
    value = trimFormatted(value);
    const formatting = value.entities.filter(
      (e) => e.type === "code" || e.type === "pre" || e.type === "text_link",
    );
    const detected = detectEntities(value.text, formatting);
    if (detected.length > 0) {
      value = {
        text: value.text,
        entities: [...value.entities, ...detected].sort(
          (a, b) => a.offset - b.offset || b.length - a.length,
        ),
      };
    }
    return value;
  }

  messageText(p: Payload): FormattedText {
    const value = this.formatted(p, "text", "parse_mode", "entities");
    if (value.text.length === 0) throw badRequest("message text is empty");
    if (value.text.length > 4096) throw badRequest("message is too long");
    return value;
  }

  caption(p: Payload): FormattedText | undefined {
    if (p.caption === undefined || p.caption === null) return undefined;
    const value = this.formatted(p, "caption", "parse_mode", "caption_entities");
    if (value.text.length > 1024) throw badRequest("message caption is too long");
    return value.text.length === 0 ? undefined : value;
  }

  /** Validates reply_markup; returns the inline keyboard to attach (if any). */
  inlineKeyboard(p: Payload): InlineKeyboardMarkup | undefined {
    const raw = optionalJson(p, "reply_markup");
    if (raw === undefined || raw === null || raw === "") return undefined;
    if (!isObject(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
    if (!("inline_keyboard" in raw)) {
      for (const key of ["keyboard", "remove_keyboard", "force_reply"]) {
        if (key in raw) return undefined;
      }
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
    const rows = raw.inline_keyboard;
    if (!Array.isArray(rows)) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    }
    const keyboard: InlineKeyboardButton[][] = [];
    for (const row of rows) {
      if (!Array.isArray(row)) {
        throw badRequest(
          'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
        );
      }
      const out: InlineKeyboardButton[] = [];
      for (const button of row) {
        if (!isObject(button)) {
          throw badRequest(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object",
          );
        }
        if (typeof button.text !== "string") {
          throw badRequest(
            'can\'t parse inline keyboard button: Field "text" must be of type String',
          );
        }
        const actions = BUTTON_ACTIONS.filter(
          (key) => button[key] !== undefined && button[key] !== null,
        );
        if (actions.length === 0) {
          throw badRequest(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
          );
        }
        if (button.callback_data !== undefined && button.callback_data !== null) {
          const data = button.callback_data;
          if (
            typeof data !== "string" ||
            data.length === 0 ||
            Buffer.byteLength(data, "utf8") > 64
          ) {
            throw badRequest("BUTTON_DATA_INVALID");
          }
        }
        if (button.url !== undefined && button.url !== null) {
          if (typeof button.url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(button.url)) {
            throw badRequest("BUTTON_URL_INVALID");
          }
        }
        const copy: Record<string, unknown> = { text: button.text };
        for (const key of Object.keys(button).sort()) {
          if (key !== "text" && button[key] !== undefined && button[key] !== null)
            copy[key] = button[key];
        }
        out.push(copy as unknown as InlineKeyboardButton);
      }
      if (out.length > 0) keyboard.push(out);
    }
    return keyboard.length === 0 ? undefined : { inline_keyboard: keyboard };
  }

  /** The message a send replies to (`reply_parameters`, as the bot sends them), if any. */
  replyTarget(state: ChatState, p: Payload): StoredMessage | undefined {
    const params = optionalJson(p, "reply_parameters");
    if (!isObject(params)) return undefined;
    const messageId = optionalInt(params, "message_id");
    if (messageId === undefined) return undefined;
    const target = this.state.findMessage(state, messageId);
    if (target === undefined && !isTrue(params.allow_sending_without_reply))
      throw badRequest("message to be replied not found");
    return target;
  }

  targetChatForSend(p: Payload): ChatState {
    const state = this.state.resolveChat(p.chat_id);
    if (state.chat.type === "private" && state.blockedByUser) {
      throw new BotApiError(403, "Forbidden: bot was blocked by the user");
    }
    return state;
  }

  sendBotMessage(p: Payload, content: Partial<MessageRecord>, state: ChatState): Message {
    const markup = this.inlineKeyboard(p);
    const reply = this.replyTarget(state, p);
    const record: MessageRecord = {
      message_id: state.nextMessageId,
      from: this.state.botUser,
      chat: state.chat,
      date: this.state.unixNow(),
      ...this.state.threadFields(state, optionalInt(p, "message_thread_id"), false),
      ...content,
    };
    if (reply !== undefined) record.reply_to_message = replySnapshot(reply.record);
    if (markup !== undefined) record.reply_markup = markup;
    this.state.storeMessage(state, record, true);
    return asMessage(record);
  }

  editTarget(p: Payload): StoredMessage | undefined {
    if (p.inline_message_id !== undefined && p.inline_message_id !== null) return undefined;
    const state = this.state.resolveChat(p.chat_id);
    const messageId = optionalInt(p, "message_id");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const stored = this.state.findMessage(state, messageId);
    if (stored === undefined) throw badRequest("message to edit not found");
    if (!stored.fromBot) throw badRequest("message can't be edited");
    return stored;
  }

  /** Like Telegram, an edit without reply_markup removes the inline keyboard; stamps the edit. */
  finishEdit(record: MessageRecord, markup: MessageRecord["reply_markup"]): Message {
    if (markup !== undefined) record.reply_markup = markup;
    else delete record.reply_markup;
    record.edit_date = this.state.unixNow();
    return asMessage(record);
  }
}

/** The built-in methods, by name, over `state`; `strictHtml` refuses a bare `&`. */
export function builtinMethods(
  state: TelegramState,
  options: { strictHtml: boolean },
): Record<string, MethodHandler> {
  const messages = new Messages(state, options.strictHtml);
  return {
    getMe: () => state.botInfo,
    getUpdates: (p, ctx) => {
      if (state.webhook !== undefined) {
        throw new BotApiError(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        );
      }
      return state.queue.getUpdates(p, ctx);
    },
    setWebhook: (p) => {
      const url = optionalString(p, "url") ?? "";
      if (isTrue(p.drop_pending_updates)) state.queue.confirm(state.queue.lastUpdateId + 1);
      if (url === "") {
        state.webhook = undefined;
        return true;
      }
      if (!/^https:\/\//i.test(url))
        throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      state.webhook = { url, allowedUpdates: optionalJson(p, "allowed_updates") };
      state.queue.poll?.finish(new BotApiError(409, "Conflict: terminated by setWebhook request"));
      return true;
    },
    deleteWebhook: (p) => {
      state.webhook = undefined;
      if (isTrue(p.drop_pending_updates)) state.queue.confirm(state.queue.lastUpdateId + 1);
      return true;
    },
    sendMessage: (p) => {
      const chat = messages.targetChatForSend(p);
      const text = messages.messageText(p);
      const content: Partial<MessageRecord> = { text: text.text };
      if (text.entities.length > 0) content.entities = text.entities;
      return messages.sendBotMessage(p, content, chat);
    },
    sendPhoto: (p) => {
      const chat = messages.targetChatForSend(p);
      if (p.photo === undefined || p.photo === null || p.photo === "") {
        throw badRequest("there is no photo in the request");
      }
      const caption = messages.caption(p);
      const sizes = [
        [90, 60, 1_100],
        [320, 213, 13_000],
        [800, 533, 61_000],
      ].map(([width, height, file_size]) => ({
        ...state.newFileId("AgAC"),
        width,
        height,
        file_size,
      }));
      const content: Partial<MessageRecord> = { photo: sizes };
      if (caption !== undefined) {
        content.caption = caption.text;
        if (caption.entities.length > 0) content.caption_entities = caption.entities;
      }
      return messages.sendBotMessage(p, content, chat);
    },
    editMessageText: (p) => {
      const stored = messages.editTarget(p);
      const text = messages.messageText(p);
      const markup = messages.inlineKeyboard(p);
      if (stored === undefined) return true;
      const record = stored.record;
      if (record.text === undefined) throw badRequest("there is no text in the message to edit");
      if (
        record.text === text.text &&
        sameJson(record.entities ?? [], text.entities) &&
        sameJson(record.reply_markup, markup)
      ) {
        throw badRequest(NOT_MODIFIED.slice("Bad Request: ".length));
      }
      record.text = text.text;
      if (text.entities.length > 0) record.entities = text.entities;
      else delete record.entities;
      return messages.finishEdit(record, markup);
    },
    editMessageReplyMarkup: (p) => {
      const stored = messages.editTarget(p);
      const markup = messages.inlineKeyboard(p);
      if (stored === undefined) return true;
      const record = stored.record;
      if (sameJson(record.reply_markup, markup))
        throw badRequest(NOT_MODIFIED.slice("Bad Request: ".length));
      return messages.finishEdit(record, markup);
    },
    answerCallbackQuery: (p) => {
      const id = optionalString(p, "callback_query_id");
      if (id === undefined || !state.pendingCallbackQueries.delete(id)) {
        throw new BotApiError(400, TOO_OLD);
      }
      return true;
    },
    answerInlineQuery: (p) => {
      const id = optionalString(p, "inline_query_id");
      const results = optionalJson(p, "results");
      if (!Array.isArray(results)) throw badRequest("results must be an Array");
      if (results.length > 50) throw badRequest("RESULTS_TOO_MUCH");
      const seen = new Set<string>();
      for (const result of results) {
        if (!isObject(result) || typeof result.type !== "string") {
          throw badRequest('can\'t parse InlineQueryResult: Field "type" must be of type String');
        }
        const resultId = result.id;
        if (typeof resultId !== "string" || resultId === "" || Buffer.byteLength(resultId) > 64) {
          throw badRequest("RESULT_ID_INVALID");
        }
        if (seen.has(resultId)) throw badRequest("RESULT_ID_DUPLICATE");
        seen.add(resultId);
        const content = result.input_message_content;
        if (isObject(content) && content.message_text !== undefined) {
          const text = messages.formatted(content, "message_text", "parse_mode", "entities");
          if (text.text.length === 0) throw badRequest("MESSAGE_EMPTY");
          if (text.text.length > 4096) throw badRequest("MESSAGE_TOO_LONG");
        }
        if (result.reply_markup !== undefined)
          messages.inlineKeyboard({ reply_markup: result.reply_markup });
      }
      if (id === undefined || !state.pendingInlineQueries.delete(id))
        throw new BotApiError(400, TOO_OLD);
      return true;
    },
    sendChatAction: (p) => {
      messages.targetChatForSend(p);
      const action = optionalString(p, "action");
      if (action === undefined || !CHAT_ACTIONS.has(action)) {
        throw badRequest("wrong parameter action in request");
      }
      return true;
    },
    setMyCommands: (p) => {
      checkCommandScope(p);
      const commands = optionalJson(p, "commands") ?? [];
      if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
      if (commands.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
      for (const command of commands) {
        if (!isObject(command))
          throw badRequest("can't parse BotCommand: BotCommand must be an Object");
        if (typeof command.command !== "string") {
          throw badRequest("can't parse BotCommand: Can't find field \"command\"");
        }
        if (typeof command.description !== "string") {
          throw badRequest("can't parse BotCommand: Can't find field \"description\"");
        }
        if (!/^[a-z0-9_]{1,32}$/.test(command.command)) throw badRequest("BOT_COMMAND_INVALID");
        const description = command.description.trim();
        if (description === "") throw badRequest("command description must be non-empty");
        if (description.length > 256) throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      return true;
    },
  };
}

/** setMyCommands' language code: two lower-case letters, or none. */
function checkCommandScope(p: Payload): void {
  const language = optionalString(p, "language_code") ?? "";
  if (language !== "" && !/^[a-z]{2}$/.test(language))
    throw badRequest("invalid language code specified");
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
