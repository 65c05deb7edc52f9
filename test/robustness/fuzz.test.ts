import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAnswer } from "../../src/bot/format/passages.js";
import { createTranslator } from "../../src/bot/i18n.js";
import { LANGUAGES } from "../../src/knowledge/types.js";
import { assertTelegramHtml } from "../../testkit/telegram/html.js";
import { shippedEngine } from "../support/engine.js";

const translator = createTranslator("locales");

// Words from the documents mixed with noise, so that many inputs do find passages.
const words = fc.constantFrom(
  "Glazyev",
  "санкции",
  "本币结算",
  "EEU",
  "currencies",
  "<b>",
  "&",
  "`",
  "\u200B",
  "🙂",
  "(.*)",
  "Глазьев",
  "一带一路",
  "\u202E",
  "\u0000",
);
const question = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc
    .array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 40 })
    .map((parts) => parts.join(" ")),
);

describe("fuzzing search and formatting (10,000 generated inputs)", () => {
  it("never throws, and always returns bounded results and valid HTML within 4,096 characters", async () => {
    const engine = await shippedEngine();
    fc.assert(
      fc.property(
        question,
        fc.constantFrom(...LANGUAGES),
        fc.integer({ min: 0, max: 20 }),
        (text, display, offset) => {
          const result = engine.findPassages(text, { limit: 3, offset });
          expect(result.passages.length).toBeLessThanOrEqual(3);
          for (const passage of result.passages) {
            expect(passage.paragraph).toBeGreaterThanOrEqual(1);
            expect(passage.paragraph).toBeLessThanOrEqual(passage.document.paragraphCount);
            for (const [start, end] of passage.snippet.highlights) {
              expect(0 <= start && start < end && end <= passage.snippet.text.length).toBe(true);
            }
          }
          const t = (key: string, values?: Record<string, string | number>) =>
            translator.t(display, key, values);
          const html = formatAnswer(t, display, result.passages, display);
          expect(html.length).toBeLessThanOrEqual(4096);
          assertTelegramHtml(html);
        },
      ),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
