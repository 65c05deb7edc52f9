const CJK_END = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;
const CJK_START = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
// A letter, then a hyphen (or soft hyphen) at the end of the line: a word broken across lines.
const BROKEN_WORD = /(\p{L})[-\u00AD]$/u;

/**
 * Joins the lines of one paragraph as a reader reads them: with a space, without one
 * between Chinese characters, and undoing end-of-line hyphenation (`co-` + `operation` →
 * `cooperation`; `China-` + `Russia` keeps its hyphen, as the next part is capitalised).
 */
export function joinLines(lines: readonly string[]): string {
  let text = "";
  for (const raw of lines) {
    const line = raw.replace(/\s+/g, " ").trim();
    if (!line) continue;
    if (!text) {
      text = line;
      continue;
    }
    const broken = BROKEN_WORD.exec(text);
    if (broken && /^\p{Ll}/u.test(line)) {
      text = text.slice(0, -1) + line;
    } else if (broken || text.endsWith("\u00AD")) {
      text = text.replace(/\u00AD$/, "-") + line;
    } else if (CJK_END.test(text) && CJK_START.test(line)) {
      text += line;
    } else {
      text += ` ${line}`;
    }
  }
  return text.replace(/\u00AD/g, "");
}
