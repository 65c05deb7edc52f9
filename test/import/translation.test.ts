import { describe, expect, it } from "vitest";
import { describeDivergence, findDivergence } from "../../src/import/translation.js";

const ORIGINAL = [
  "A short opening line of the article.",
  "A much longer second paragraph that explains the background of the story in some detail, with numbers and names.",
  "The third paragraph is of middling length and says what happened next.",
  "A fourth, brief one.",
  "The last paragraph sums the story up in a couple of sentences and closes it.",
];
// Russian runs about 10% longer than English; the translation below leaves out paragraph 3.
const stretch = (text: string) => `${text}${"ж".repeat(Math.round(text.length * 0.1))}`;

describe("finding where a translation diverges from its original", () => {
  it("points at the first paragraph whose length no longer matches", () => {
    const translation = [ORIGINAL[0], ORIGINAL[1], ORIGINAL[3], ORIGINAL[4]].map((t) =>
      stretch(t ?? ""),
    );
    expect(findDivergence(ORIGINAL, translation).paragraph).toBe(3);
  });

  it("points past the end of the shorter side when every common paragraph matches", () => {
    const translation = ORIGINAL.slice(0, 4).map(stretch);
    expect(findDivergence(ORIGINAL, translation)).toMatchObject({
      paragraph: 5,
      translation: undefined,
    });
  });

  it("describes both sides in one line", () => {
    const line = describeDivergence({ paragraph: 2, original: "Text.", translation: undefined });
    expect(line).toBe('they diverge at paragraph 2: original ¶2 "Text." vs translation has no ¶2');
  });
});
