/**
 * Telegram's HTML parse mode, the only one the bot uses: turned into plain text plus
 * `MessageEntity[]` with the same rules (and error texts) as tdlib, which the real Bot API server
 * uses. Error positions are in UTF-8 bytes, like Telegram's. This is the one HTML validator of the
 * tests: the emulator applies it to every text the bot sends, and unit tests call it directly.
 */
import type { MessageEntity } from "grammy/types";
import { type FormattedText, ParseEntitiesError, sortEntities } from "./text.js";

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

/**
 * Throws unless `html` is what Telegram's HTML parse mode accepts: known tags, balanced, every
 * `&` escaped (the emulator's strict reading). For unit tests of what the bot formats.
 */
export function assertTelegramHtml(html: string): void {
  try {
    parseHtml(html, { strictAmpersand: true });
  } catch (error) {
    if (!(error instanceof ParseEntitiesError)) throw error;
    throw new Error(`Telegram would refuse this HTML (${error.message}): ${html.slice(0, 300)}`);
  }
}
