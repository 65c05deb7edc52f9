import { beforeAll, describe, expect, it } from "vitest";
import { type LabelledQuestion, readLabelled } from "../../src/evaluation/labelled.js";
import { byLanguage, measure, paragraphKey } from "../../src/evaluation/metrics.js";
import { LANGUAGES } from "../../src/knowledge/types.js";
import { shippedEngine } from "../support/engine.js";

let questions: Map<string, LabelledQuestion[]>;
beforeAll(async () => {
  questions = byLanguage(await readLabelled("test/eval/questions.jsonl"));
});

describe.each(LANGUAGES)("search quality on the labelled %s questions", (language) => {
  it("has at least 30 questions, about a fifth out of domain", () => {
    const list = questions.get(language) ?? [];
    expect(list.length).toBeGreaterThanOrEqual(30);
    expect(list.filter((q) => q.gold.length === 0).length / list.length).toBeGreaterThanOrEqual(
      0.15,
    );
  });

  it("meets the floors: hit@3 ≥ 0.9, hit@1 ≥ 0.8, out-of-domain rejection ≥ 0.8", async () => {
    const engine = await shippedEngine();
    const list = questions.get(language) ?? [];
    const rankings = list.map((q) =>
      engine.findPassages(q.q).passages.map((p) => paragraphKey(p.document.id, p.paragraph)),
    );
    const quality = measure(list, rankings);
    expect(quality.hitAt3).toBeGreaterThanOrEqual(0.9);
    expect(quality.hitAt1).toBeGreaterThanOrEqual(0.8);
    expect(quality.rejected).toBeGreaterThanOrEqual(0.8);
  });
});
