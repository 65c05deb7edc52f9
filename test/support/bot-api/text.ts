/**
 * Text formatting the way the Telegram Bot API does it: parse_mode "HTML", "MarkdownV2" and the
 * legacy "Markdown" are turned into plain text plus `MessageEntity[]`, with the same rules (and
 * error texts) as tdlib, which the real Bot API server uses. Offsets and lengths are in UTF-16
 * code units, error positions in UTF-8 bytes — both like Telegram.
 */
import type { MessageEntity } from "grammy/types";

/** A formatting error; `message` is the part after "Bad Request: can't parse entities: ". */
export class ParseEntitiesError extends Error {
  override readonly name = "ParseEntitiesError";
}

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** UTF-8 byte offset of the UTF-16 index `index` in `s` (only computed for error messages). */
function byteOffset(s: string, index: number): number {
  return Buffer.byteLength(s.slice(0, index), "utf8");
}

/** tdlib's `is_space` (the NUL byte counts as space there; it cannot occur in JS input). */
function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\v" || c === "\0";
}

function isAsciiAlpha(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function isHexDigit(c: string | undefined): boolean {
  return isDigit(c) || (c !== undefined && ((c >= "a" && c <= "f") || (c >= "A" && c <= "F")));
}

/**
 * Telegram's `get_checked_link`: a link without scheme gets "http://"; only a few schemes are
 * allowed; an invalid link yields "" (the entity is then silently dropped, not an error).
 */
export function checkedLink(raw: string): string {
  const link = raw.trim();
  if (link === "" || /\s/.test(link)) return "";
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : `http://${link}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return "";
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme === "http:" || scheme === "https:") {
    return url.hostname === "" ? "" : url.href;
  }
  if (scheme === "tg:" || scheme === "ton:" || scheme === "ftp:") return withScheme;
  return "";
}

/** Decodes `&lt;` `&gt;` `&amp;` `&quot;` and numeric references at `pos` (`;` is optional). */
function decodeHtmlEntity(s: string, pos: number): { char: string; next: number } | undefined {
  let end = pos + 1;
  let code = 0;
  if (s[end] === "#") {
    end++;
    const start = end;
    if (s[end] === "x") {
      end++;
      while (isHexDigit(s[end]) && end - pos < 10) {
        code = code * 16 + Number.parseInt(s[end] as string, 16);
        end++;
      }
    } else {
      while (isDigit(s[end]) && end - pos < 10) {
        code = code * 10 + Number(s[end]);
        end++;
      }
    }
    if (end === start || code === 0 || code >= 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return undefined;
    }
  } else {
    while (isAsciiAlpha(s[end])) end++;
    const name = s.slice(pos + 1, end);
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    const value = named[name];
    if (value === undefined) return undefined; // unsupported named entity: kept literally
    code = value;
  }
  if (s[end] === ";") end++;
  return { char: String.fromCodePoint(code), next: end };
}

const HTML_TAGS = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "s",
  "strike",
  "del",
  "u",
  "ins",
  "tg-spoiler",
  "tg-emoji",
  "span",
  "pre",
  "code",
  "blockquote",
]);

interface OpenTag {
  tag: string;
  argument: string;
  expandable: boolean;
  offset: number;
}

/**
 * Parses Telegram HTML. Throws {@link ParseEntitiesError} like Telegram: unsupported tags
 * (`<br>`, `<p>`, an unescaped `<` …), unbalanced or mismatched tags, malformed attributes. A bare
 * `&` that does not start a supported entity is kept literally, as Telegram does, unless
 * `strictAmpersand` is set.
 */
export function parseHtml(src: string, options: { strictAmpersand?: boolean } = {}): FormattedText {
  const n = src.length;
  let out = "";
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  let i = 0;
  while (i < n) {
    const c = src[i] as string;
    if (c === "&") {
      const decoded = decodeHtmlEntity(src, i);
      if (decoded !== undefined) {
        out += decoded.char;
        i = decoded.next;
        continue;
      }
      if (options.strictAmpersand === true) {
        throw new ParseEntitiesError(
          `Unescaped "&" at byte offset ${byteOffset(src, i)} (rejected by the emulator's strictHtml option; Telegram would keep it literally)`,
        );
      }
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    i++;
    if (src[i] !== "/") {
      while (i < n && !isSpace(src[i]) && src[i] !== ">") i++;
      if (i >= n) {
        throw new ParseEntitiesError(`Unclosed start tag at byte offset ${byteOffset(src, begin)}`);
      }
      const tag = src.slice(begin + 1, i).toLowerCase();
      if (!HTML_TAGS.has(tag)) {
        throw new ParseEntitiesError(
          `Unsupported start tag "${tag}" at byte offset ${byteOffset(src, begin)}`,
        );
      }
      let argument = "";
      let expandable = false;
      while (src[i] !== ">") {
        while (i < n && isSpace(src[i])) i++;
        if (src[i] === ">") break;
        const attributeBegin = i;
        while (i < n && !isSpace(src[i]) && src[i] !== "=" && src[i] !== ">") i++;
        const attribute = src.slice(attributeBegin, i);
        if (attribute === "") {
          throw new ParseEntitiesError(
            `Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(src, begin)}`,
          );
        }
        while (i < n && isSpace(src[i])) i++;
        if (src[i] !== "=") {
          if (tag === "blockquote" && attribute === "expandable") {
            expandable = true;
            continue;
          }
          throw new ParseEntitiesError(
            `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(src, begin)}`,
          );
        }
        i++;
        while (i < n && isSpace(src[i])) i++;
        if (i >= n) {
          throw new ParseEntitiesError(
            `Unclosed start tag "${tag}" at byte offset ${byteOffset(src, begin)}`,
          );
        }
        let value = "";
        const quote = src[i];
        if (quote !== "'" && quote !== '"') {
          const tokenBegin = i;
          while (i < n && /[A-Za-z0-9.-]/.test(src[i] as string)) i++;
          value = src.slice(tokenBegin, i).toLowerCase();
          if (i < n && !isSpace(src[i]) && src[i] !== ">") {
            throw new ParseEntitiesError(
              `Unexpected end of name token at byte offset ${byteOffset(src, tokenBegin)}`,
            );
          }
        } else {
          i++;
          while (i < n && src[i] !== quote) {
            if (src[i] === "&") {
              const decoded = decodeHtmlEntity(src, i);
              if (decoded !== undefined) {
                value += decoded.char;
                i = decoded.next;
                continue;
              }
            }
            value += src[i];
            i++;
          }
          if (src[i] === quote) i++;
        }
        if (i >= n) {
          throw new ParseEntitiesError(
            `Unclosed start tag at byte offset ${byteOffset(src, begin)}`,
          );
        }
        if (tag === "a" && attribute === "href") argument = value;
        else if (tag === "code" && attribute === "class" && value.startsWith("language-")) {
          argument = value.slice(9);
        } else if (tag === "span" && attribute === "class" && value.startsWith("tg-")) {
          argument = value.slice(3);
        } else if (tag === "tg-emoji" && attribute === "emoji-id") argument = value;
      }
      if (tag === "span" && argument !== "spoiler") {
        throw new ParseEntitiesError(
          `Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, begin)}`,
        );
      }
      open.push({ tag, argument, expandable, offset: out.length });
      i++; // '>'
      continue;
    }
    // end tag
    if (open.length === 0) {
      throw new ParseEntitiesError(`Unexpected end tag at byte offset ${byteOffset(src, begin)}`);
    }
    while (i < n && !isSpace(src[i]) && src[i] !== ">") i++;
    const endTag = src.slice(begin + 2, i).toLowerCase();
    while (i < n && isSpace(src[i])) i++;
    if (src[i] !== ">") {
      throw new ParseEntitiesError(`Unclosed end tag at byte offset ${byteOffset(src, begin)}`);
    }
    i++;
    const top = open.pop() as OpenTag;
    if (endTag !== "" && endTag !== top.tag) {
      throw new ParseEntitiesError(
        `Unmatched end tag at byte offset ${byteOffset(src, begin)}, expected "</${top.tag}>", found "</${endTag}>"`,
      );
    }
    const offset = top.offset;
    const length = out.length - offset;
    if (length <= 0) continue;
    switch (top.tag) {
      case "i":
      case "em":
        entities.push({ type: "italic", offset, length });
        break;
      case "b":
      case "strong":
        entities.push({ type: "bold", offset, length });
        break;
      case "s":
      case "strike":
      case "del":
        entities.push({ type: "strikethrough", offset, length });
        break;
      case "u":
      case "ins":
        entities.push({ type: "underline", offset, length });
        break;
      case "tg-spoiler":
      case "span":
        entities.push({ type: "spoiler", offset, length });
        break;
      case "tg-emoji": {
        if (!/^[0-9]{1,19}$/.test(top.argument) || /^0+$/.test(top.argument)) {
          throw new ParseEntitiesError("Invalid custom emoji identifier specified");
        }
        entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: top.argument });
        break;
      }
      case "a": {
        const url = checkedLink(top.argument === "" ? out.slice(offset) : top.argument);
        if (url !== "") entities.push({ type: "text_link", offset, length, url });
        break;
      }
      case "pre": {
        const last = entities.at(-1);
        if (
          last?.type === "code" &&
          last.offset === offset &&
          last.length === length &&
          codeLanguage.has(last)
        ) {
          entities[entities.length - 1] = {
            type: "pre",
            offset,
            length,
            language: codeLanguage.get(last) as string,
          };
        } else {
          entities.push({ type: "pre", offset, length });
        }
        break;
      }
      case "code": {
        const last = entities.at(-1);
        if (
          last?.type === "pre" &&
          last.offset === offset &&
          last.length === length &&
          top.argument !== ""
        ) {
          entities[entities.length - 1] = { type: "pre", offset, length, language: top.argument };
        } else {
          const entity: MessageEntity = { type: "code", offset, length };
          if (top.argument !== "") codeLanguage.set(entity, top.argument);
          entities.push(entity);
        }
        break;
      }
      case "blockquote":
        entities.push({
          type: top.expandable ? "expandable_blockquote" : "blockquote",
          offset,
          length,
        });
        break;
    }
  }
  if (open.length > 0) {
    const top = open.at(-1) as OpenTag;
    throw new ParseEntitiesError(`Can't find end tag corresponding to start tag "${top.tag}"`);
  }
  return { text: out, entities: sortEntities(entities) };
}

/** Language of `<code class="language-x">` until an enclosing `<pre>` claims it. */
const codeLanguage = new WeakMap<MessageEntity, string>();

type MdType =
  | "Bold"
  | "Italic"
  | "Underline"
  | "Strikethrough"
  | "Spoiler"
  | "Code"
  | "Pre"
  | "PreCode"
  | "TextUrl"
  | "CustomEmoji"
  | "BlockQuote";

interface OpenMd {
  type: MdType;
  argument: string;
  offset: number;
  /** UTF-16 index in the source, for error messages */
  sourceIndex: number;
  expandable: boolean;
}

const reserved = (c: string) => "_*[]()~`>#+-=|{}.!".includes(c);

/**
 * Parses MarkdownV2 like Telegram: every character of `_*[]()~\`>#+-=|{}.!` outside an entity
 * markup must be escaped with `\`, otherwise "Character 'x' is reserved and must be escaped with
 * the preceding '\'"; unclosed entities give "Can't find end of Bold entity at byte offset N".
 */
export function parseMarkdownV2(src: string): FormattedText {
  const n = src.length;
  let out = "";
  const entities: MessageEntity[] = [];
  const open: OpenMd[] = [];
  let haveBlockquote = false;
  const fail = (message: string): never => {
    throw new ParseEntitiesError(message);
  };
  const reservedError = (c: string) =>
    fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
  for (let i = 0; i < n; i++) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === "\\" && next !== undefined && next.charCodeAt(0) > 0 && next.charCodeAt(0) <= 126) {
      i++;
      out += next;
      continue;
    }
    const top = open.at(-1);
    const inCode =
      top !== undefined && (top.type === "Code" || top.type === "Pre" || top.type === "PreCode");
    const isReserved = inCode ? c === "`" : reserved(c) || c === "\n";
    if (!isReserved) {
      out += c;
      continue;
    }
    let isEnd = false;
    if (top !== undefined) {
      if (haveBlockquote && c === "\n" && src[i + 1] !== ">") isEnd = true;
      else {
        switch (top.type) {
          case "Bold":
            isEnd = c === "*";
            break;
          case "Italic":
            isEnd = c === "_" && next !== "_";
            break;
          case "Code":
            isEnd = c === "`";
            break;
          case "Pre":
          case "PreCode":
            isEnd = c === "`" && next === "`" && src[i + 2] === "`";
            break;
          case "TextUrl":
          case "CustomEmoji":
            isEnd = c === "]";
            break;
          case "Underline":
            isEnd = c === "_" && next === "_";
            break;
          case "Strikethrough":
            isEnd = c === "~";
            break;
          case "Spoiler":
            isEnd = c === "|" && next === "|";
            break;
          case "BlockQuote":
            // "||" right before the end of an expandable block quote is its end marker
            if (
              top.expandable &&
              c === "|" &&
              next === "|" &&
              (i + 2 === n || (src[i + 2] === "\n" && src[i + 3] !== ">"))
            ) {
              i++;
              continue;
            }
            isEnd = false;
            break;
        }
      }
    }
    if (!isEnd) {
      let type: MdType | undefined;
      let argument = "";
      let expandable = false;
      const sourceIndex = i;
      switch (c) {
        case "_":
          if (next === "_") {
            type = "Underline";
            i++;
          } else type = "Italic";
          break;
        case "*":
          if (
            next === "*" &&
            src[i + 2] === ">" &&
            (i === 0 || src[i - 1] === "\n") &&
            !haveBlockquote
          ) {
            type = "BlockQuote";
            expandable = true;
            haveBlockquote = true;
            i += 2;
          } else type = "Bold";
          break;
        case "~":
          type = "Strikethrough";
          break;
        case "|":
          if (next !== "|") reservedError(c);
          i++;
          type = "Spoiler";
          break;
        case "[":
          type = "TextUrl";
          break;
        case "`":
          if (next === "`" && src[i + 2] === "`") {
            i += 3;
            type = "Pre";
            let languageEnd = i;
            while (languageEnd < n && !isSpace(src[languageEnd]) && src[languageEnd] !== "`") {
              languageEnd++;
            }
            if (i !== languageEnd && languageEnd < n && src[languageEnd] !== "`") {
              type = "PreCode";
              argument = src.slice(i, languageEnd);
              i = languageEnd;
            }
            if (src[i] === "\n" || src[i] === "\r") {
              const a = src[i];
              const b = src[i + 1];
              i += (b === "\n" || b === "\r") && a !== b ? 2 : 1;
            }
            i--;
          } else type = "Code";
          break;
        case "!":
          if (next !== "[") reservedError(c);
          i++;
          type = "CustomEmoji";
          break;
        case "\n":
          out += "\n";
          if (src[i + 1] === ">") {
            i++;
            if (!haveBlockquote) {
              type = "BlockQuote";
              haveBlockquote = true;
            }
          } else if (
            src[i + 1] === "*" &&
            src[i + 2] === "*" &&
            src[i + 3] === ">" &&
            !haveBlockquote
          ) {
            i += 3;
            type = "BlockQuote";
            expandable = true;
            haveBlockquote = true;
          }
          break;
        case ">":
          if (i !== 0) reservedError(c);
          type = "BlockQuote";
          haveBlockquote = true;
          break;
        default:
          reservedError(c);
      }
      if (type !== undefined) {
        open.push({ type, argument, offset: out.length, sourceIndex, expandable });
      }
      continue;
    }
    // end of an entity
    const entity = open.at(-1) as OpenMd;
    if (c === "\n" && entity.type !== "BlockQuote") {
      fail(
        `Can't find end of ${entity.type} entity at byte offset ${byteOffset(src, entity.sourceIndex)}`,
      );
    }
    let argument = entity.argument;
    let skip = out.length === entity.offset;
    switch (entity.type) {
      case "Underline":
      case "Spoiler":
        i++;
        break;
      case "Pre":
      case "PreCode":
        i += 2;
        break;
      case "TextUrl": {
        let url = "";
        if (src[i + 1] !== "(") {
          url = out.slice(entity.offset);
        } else {
          i += 2;
          const urlBegin = i;
          while (i < n && src[i] !== ")") {
            const e = src[i + 1];
            if (
              src[i] === "\\" &&
              e !== undefined &&
              e.charCodeAt(0) > 0 &&
              e.charCodeAt(0) <= 126
            ) {
              url += e;
              i += 2;
              continue;
            }
            url += src[i];
            i++;
          }
          if (src[i] !== ")")
            fail(`Can't find end of a URL at byte offset ${byteOffset(src, urlBegin)}`);
        }
        const checked = checkedLink(url);
        if (checked === "") skip = true;
        else argument = checked;
        break;
      }
      case "CustomEmoji": {
        if (src[i + 1] !== "(") fail("Custom emoji entity must contain a tg://emoji URL");
        i += 2;
        const urlBegin = i;
        let url = "";
        while (i < n && src[i] !== ")") {
          url += src[i];
          i++;
        }
        if (src[i] !== ")") {
          fail(`Can't find end of a custom emoji URL at byte offset ${byteOffset(src, urlBegin)}`);
        }
        const match = /^tg:\/\/emoji\?id=([0-9]{1,19})$/.exec(url);
        if (match === null) fail("Custom emoji URL must have an emoji identifier");
        argument = (match as RegExpExecArray)[1] as string;
        break;
      }
      case "BlockQuote":
        haveBlockquote = false;
        out += "\n";
        break;
      default:
        break;
    }
    if (!skip) {
      entities.push(mdEntity(entity, argument, out.length - entity.offset));
    }
    open.pop();
  }
  if (haveBlockquote) {
    const top = open.at(-1);
    if (top?.type === "BlockQuote") {
      if (out.length > top.offset) entities.push(mdEntity(top, "", out.length - top.offset));
      open.pop();
    }
  }
  const top = open.at(-1);
  if (top !== undefined) {
    fail(`Can't find end of ${top.type} entity at byte offset ${byteOffset(src, top.sourceIndex)}`);
  }
  return { text: out, entities: sortEntities(entities) };
}

function mdEntity(open: OpenMd, argument: string, length: number): MessageEntity {
  const offset = open.offset;
  switch (open.type) {
    case "Bold":
      return { type: "bold", offset, length };
    case "Italic":
      return { type: "italic", offset, length };
    case "Underline":
      return { type: "underline", offset, length };
    case "Strikethrough":
      return { type: "strikethrough", offset, length };
    case "Spoiler":
      return { type: "spoiler", offset, length };
    case "Code":
      return { type: "code", offset, length };
    case "Pre":
      return { type: "pre", offset, length };
    case "PreCode":
      return { type: "pre", offset, length, language: argument };
    case "TextUrl":
      return { type: "text_link", offset, length, url: argument };
    case "CustomEmoji":
      return { type: "custom_emoji", offset, length, custom_emoji_id: argument };
    case "BlockQuote":
      return { type: open.expandable ? "expandable_blockquote" : "blockquote", offset, length };
  }
}

/** The legacy "Markdown" mode: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`. */
export function parseMarkdown(src: string): FormattedText {
  const n = src.length;
  let out = "";
  const entities: MessageEntity[] = [];
  for (let i = 0; i < n; i++) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === "\\" && (next === "_" || next === "*" || next === "`" || next === "[")) {
      out += next;
      i++;
      continue;
    }
    if (c !== "_" && c !== "*" && c !== "`" && c !== "[") {
      out += c;
      continue;
    }
    const begin = i;
    const endChar = c === "[" ? "]" : c;
    let isPre = false;
    let language = "";
    i++;
    if (c === "`" && src[i] === "`" && src[i + 1] === "`") {
      i += 2;
      isPre = true;
      let languageEnd = i;
      while (languageEnd < n && !isSpace(src[languageEnd]) && src[languageEnd] !== "`") {
        languageEnd++;
      }
      if (i !== languageEnd && languageEnd < n && src[languageEnd] !== "`") {
        language = src.slice(i, languageEnd);
        i = languageEnd;
      }
      if (src[i] === "\n" || src[i] === "\r") {
        const a = src[i];
        const b = src[i + 1];
        i += (b === "\n" || b === "\r") && a !== b ? 2 : 1;
      }
    }
    const offset = out.length;
    while (
      i < n &&
      (src[i] !== endChar || (isPre && !(src[i + 1] === "`" && src[i + 2] === "`")))
    ) {
      out += src[i];
      i++;
    }
    if (i >= n) {
      throw new ParseEntitiesError(
        `Can't find end of the entity starting at byte offset ${byteOffset(src, begin)}`,
      );
    }
    const length = out.length - offset;
    if (length > 0) {
      if (c === "_") entities.push({ type: "italic", offset, length });
      else if (c === "*") entities.push({ type: "bold", offset, length });
      else if (c === "`") {
        if (!isPre) entities.push({ type: "code", offset, length });
        else if (language === "") entities.push({ type: "pre", offset, length });
        else entities.push({ type: "pre", offset, length, language });
      } else {
        let url = "";
        if (src[i + 1] !== "(") url = src.slice(begin + 1, i);
        else {
          i += 2;
          while (i < n && src[i] !== ")") {
            url += src[i];
            i++;
          }
        }
        const checked = checkedLink(url);
        if (checked !== "") entities.push({ type: "text_link", offset, length, url: checked });
      }
    } else if (c === "[" && src[i + 1] === "(") {
      i += 2;
      while (i < n && src[i] !== ")") i++;
    }
    if (isPre) i += 2;
  }
  return { text: out, entities: sortEntities(entities) };
}

export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

const WORD = "\\p{L}\\p{N}_";
const COMMAND_RE = new RegExp(
  `(?<![${WORD}/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![${WORD}/<>@])`,
  "gu",
);
const MENTION_RE = new RegExp(`(?<![${WORD}@])@[A-Za-z0-9_]{4,32}(?![${WORD}])`, "gu");
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
const HASHTAG_RE = new RegExp(`(?<![${WORD}#])#[${WORD}]*\\p{L}[${WORD}]*(?![#])`, "gu");

/**
 * Entities Telegram finds by itself in any text: bot commands (`/start`, `/start@bot`),
 * `@mentions`, http(s) URLs and `#hashtags`. Ones overlapping `skip` (e.g. code, pre, text
 * links from the formatting) are not reported.
 */
export function detectEntities(text: string, skip: readonly MessageEntity[] = []): MessageEntity[] {
  const found: MessageEntity[] = [];
  const add = (
    type: "bot_command" | "mention" | "url" | "hashtag",
    offset: number,
    length: number,
  ) => {
    const end = offset + length;
    const overlaps = (e: MessageEntity) => e.offset < end && offset < e.offset + e.length;
    if (skip.some(overlaps) || found.some(overlaps)) return;
    found.push({ type, offset, length });
  };
  if (text.includes("http")) {
    for (const m of text.matchAll(URL_RE)) {
      const url = m[0].replace(/[.,;:!?)\]]+$/, "");
      add("url", m.index, url.length);
    }
  }
  if (text.includes("/")) {
    for (const m of text.matchAll(COMMAND_RE)) add("bot_command", m.index, m[0].length);
  }
  if (text.includes("@")) {
    for (const m of text.matchAll(MENTION_RE)) add("mention", m.index, m[0].length);
  }
  if (text.includes("#")) {
    for (const m of text.matchAll(HASHTAG_RE)) add("hashtag", m.index, m[0].length);
  }
  return sortEntities(found);
}

/** Whitespace Telegram strips from both ends of a message text or caption. */
const TRIMMABLE = /\s/u;

/**
 * Strips leading and trailing whitespace like Telegram does for sent texts, shifting and clipping
 * the entities accordingly (entities that become empty are dropped).
 */
export function trimFormatted(value: FormattedText): FormattedText {
  const { text } = value;
  let start = 0;
  let end = text.length;
  while (start < end && TRIMMABLE.test(text[start] as string)) start++;
  while (end > start && TRIMMABLE.test(text[end - 1] as string)) end--;
  if (start === 0 && end === text.length) return value;
  const entities: MessageEntity[] = [];
  for (const e of value.entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) entities.push({ ...e, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities };
}
