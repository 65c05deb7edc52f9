/** Telegram's hard limit for one message, in characters. */
export const MESSAGE_LIMIT = 4096;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
}

/**
 * `html` as a link to `url` when there is one (the document's source), else `html` as it is.
 * The address is escaped for the attribute; only http(s) addresses reach here (the loader checks).
 */
export function linkHtml(html: string, url: string | undefined): string {
  return url ? `<a href="${escapeHtml(url)}">${html}</a>` : html;
}

/** Escapes `text` and wraps the `[start, end)` spans in `<b>`. */
export function highlightHtml(text: string, spans: readonly (readonly [number, number])[]): string {
  let html = "";
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at || end > text.length || start >= end) continue;
    html += `${escapeHtml(text.slice(at, start))}<b>${escapeHtml(text.slice(start, end))}</b>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

/**
 * Shortens `text` to at most `max` characters at a word boundary, with an ellipsis, and keeps
 * the spans that still fit.
 */
export function shorten(
  text: string,
  spans: readonly (readonly [number, number])[],
  max: number,
): { text: string; spans: (readonly [number, number])[]; shortened: boolean } {
  if (text.length <= max) return { text, spans: [...spans], shortened: false };
  let cut = max - 1;
  const space = text.lastIndexOf(" ", cut);
  if (space > max * 0.5) cut = space;
  // Never cut a surrogate pair in half.
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return {
    text: `${text.slice(0, cut).trimEnd()}…`,
    spans: spans.filter(([, end]) => end <= cut),
    shortened: true,
  };
}

const TAGS =
  /<\/?(?:b|strong|i|em|u|ins|s|strike|del|code|pre|blockquote|tg-spoiler|a)(?:\s[^>]*)?>/g;
const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&" };

/** The plain text of our own HTML: the fallback when Telegram rejects the formatting. */
export function htmlToPlain(html: string): string {
  return html.replace(TAGS, "").replace(/&(?:lt|gt|quot|amp);/g, (e) => ENTITIES[e] ?? e);
}

/**
 * Splits plain text into pieces whose escaped HTML fits `budget`, breaking between
 * sentences, then between words, and only as a last resort inside a word.
 */
export function splitForMessages(text: string, budget: number): string[] {
  const pieces: string[] = [];
  let current = "";
  const units = text.match(/[^.!?。！？\n]+[.!?。！？\n]*\s*/g) ?? [text];
  const push = () => {
    if (current.trim()) pieces.push(current.trim());
    current = "";
  };
  for (const unit of units) {
    if (escapeHtml(current + unit).length <= budget) {
      current += unit;
      continue;
    }
    push();
    if (escapeHtml(unit).length <= budget) {
      current = unit;
      continue;
    }
    for (const word of unit.split(/(?<=\s)/)) {
      if (escapeHtml(current + word).length <= budget) {
        current += word;
        continue;
      }
      push();
      let rest = word;
      while (escapeHtml(rest).length > budget) {
        let take = Math.max(1, Math.floor(budget / 5));
        if (/[\uD800-\uDBFF]/.test(rest.charAt(take - 1))) take -= 1;
        pieces.push(rest.slice(0, Math.max(1, take)));
        rest = rest.slice(Math.max(1, take));
      }
      current = rest;
    }
  }
  push();
  return pieces.length ? pieces : [""];
}
