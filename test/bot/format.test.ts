import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCitation } from "../../src/bot/format/citation.js";
import {
  escapeHtml,
  highlightHtml,
  htmlToPlain,
  MESSAGE_LIMIT,
  shorten,
  splitForMessages,
} from "../../src/bot/format/html.js";
import { createTranslator } from "../../src/bot/i18n.js";
import type { DocumentVersion } from "../../src/knowledge/types.js";
import { assertTelegramHtml } from "../../testkit/telegram/html.js";

const translator = createTranslator("locales");

describe("HTML formatting", () => {
  it("escapes everything Telegram's HTML mode treats specially", () => {
    expect(escapeHtml(`<b>&"x"</a>`)).toBe("&lt;b&gt;&amp;&quot;x&quot;&lt;/a&gt;");
  });

  it("bolds the highlighted spans and escapes the rest", () => {
    expect(
      highlightHtml("a <b> & c", [
        [0, 1],
        [8, 9],
      ]),
    ).toBe("<b>a</b> &lt;b&gt; &amp; <b>c</b>");
  });

  it("ignores spans that are out of range or overlapping", () => {
    expect(
      highlightHtml("abc", [
        [1, 2],
        [1, 3],
        [5, 9],
      ]),
    ).toBe("a<b>b</b>c");
  });

  it("shortens at a word boundary and keeps only the spans that fit", () => {
    const cut = shorten(
      "one two three four five",
      [
        [0, 3],
        [18, 22],
      ],
      12,
    );
    expect(cut.text).toBe("one two…");
    expect(cut.spans).toEqual([[0, 3]]);
  });

  it("never cuts an emoji in half", () => {
    const cut = shorten("😀".repeat(10), [], 6);
    expect(cut.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("turns its own HTML back into plain text for the fallback", () => {
    expect(htmlToPlain("<b>1.</b> a &lt;b&gt; &amp; <i>c</i>")).toBe("1. a <b> & c");
  });

  it("splits a very long text into messages that each fit", () => {
    const text = "A sentence with <tags> & ampersands. ".repeat(400);
    const pieces = splitForMessages(text, 4000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(escapeHtml(piece).length).toBeLessThanOrEqual(4000);
    expect(pieces.join(" ").replace(/\s+/g, " ")).toBe(text.trim().replace(/\s+/g, " "));
  });

  it("splits even text without spaces or sentence ends", () => {
    const pieces = splitForMessages("&".repeat(10_000), 4000);
    for (const piece of pieces) expect(escapeHtml(piece).length).toBeLessThanOrEqual(4000);
    expect(pieces.join("")).toBe("&".repeat(10_000));
  });

  it("never produces invalid or over-long HTML, whatever the text and spans (fuzzed)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 6000 }),
        fc.array(fc.tuple(fc.nat(7000), fc.nat(7000))),
        (text, raw) => {
          const spans = raw
            .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
            .sort((x, y) => x[0] - y[0]);
          const cut = shorten(text, spans, 3000);
          const html = highlightHtml(cut.text, cut.spans);
          assertTelegramHtml(html);
          for (const piece of splitForMessages(text, MESSAGE_LIMIT)) {
            expect(escapeHtml(piece).length).toBeLessThanOrEqual(MESSAGE_LIMIT);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("citations", () => {
  const version = (author?: string): DocumentVersion => ({
    language: "en",
    file: "x",
    original: true,
    paragraphs: [],
    metadata: {
      title: `<script>"T"</script>`,
      source: "A & B",
      published: { raw: "--07-24", month: 7, day: 24 },
      ...(author ? { author } : {}),
    },
  });

  it("escapes hostile metadata", () => {
    const line = formatCitation((k, v) => translator.t("en", k, v), "en", version("<b>Eve</b>"), 3);
    expect(line).toBe(
      "&lt;b&gt;Eve&lt;/b&gt;, “&lt;script&gt;&quot;T&quot;&lt;/script&gt;”, A &amp; B, 24 July, ¶3",
    );
  });

  it("leaves out the author when the source names none, and never invents a year", () => {
    expect(formatCitation((k, v) => translator.t("ru", k, v), "ru", version(), 3)).toMatch(
      /^«.*», A &amp; B, 24 июля, абз\. 3$/,
    );
    expect(formatCitation((k, v) => translator.t("zh", k, v), "zh", version(), 3)).toContain(
      "7月24日，第3段",
    );
  });
});
