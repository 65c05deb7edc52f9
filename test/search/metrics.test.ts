import { describe, expect, it } from "vitest";
import { measure } from "../../src/evaluation/metrics.js";

describe("measure", () => {
  const questions = [
    { lang: "en" as const, q: "a", gold: [{ doc: "d", para: 1 }] },
    { lang: "en" as const, q: "b", gold: [{ doc: "d", para: 2 }] },
    { lang: "en" as const, q: "c", gold: [] },
  ];

  it("counts hit@1, hit@3, MRR and rejection", () => {
    const quality = measure(questions, [["d#1"], ["d#9", "d#8", "d#2"], []]);
    expect(quality).toMatchObject({
      inDomain: 2,
      outOfDomain: 1,
      hitAt1: 0.5,
      hitAt3: 1,
      rejected: 1,
    });
    expect(quality.mrr).toBeCloseTo((1 + 1 / 3) / 2);
  });

  it("counts an answer to an out-of-domain question as not rejected", () => {
    expect(measure(questions, [[], [], ["d#1"]]).rejected).toBe(0);
  });
});
