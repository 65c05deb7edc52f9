import { expect } from "vitest";

const ALLOWED = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "code",
  "pre",
  "blockquote",
  "a",
  "tg-spoiler",
]);

/** Fails unless `html` is what Telegram's HTML parse mode accepts: known tags, balanced, escaped. */
export function assertValidTelegramHtml(html: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-z-]+)(?:\s[^<>]*)?>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);|[<>&]/gi;
  for (const match of html.matchAll(tag)) {
    const [whole, closing, name] = match;
    if (!name) {
      expect(
        whole.startsWith("&") && whole.endsWith(";"),
        `stray '${whole}' in ${html.slice(0, 200)}`,
      ).toBe(true);
      continue;
    }
    expect(ALLOWED.has(name.toLowerCase()), `tag <${name}>`).toBe(true);
    if (closing) expect(stack.pop(), `unbalanced </${name}>`).toBe(name.toLowerCase());
    else stack.push(name.toLowerCase());
  }
  expect(stack, "unclosed tags").toEqual([]);
}
