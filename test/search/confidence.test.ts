import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import {
  type ConfidenceModel,
  ConfidenceModelError,
  parseModel,
  shippedModel,
} from "../../src/search/confidence.js";
import { SearchEngine } from "../../src/search/engine.js";
import { FEATURE_NAMES } from "../../src/search/features.js";
import { GLAZIEV, shippedEngine } from "../support/engine.js";

/** A model that gives every passage the same probability `p`. */
function constantModel(p: number): ConfidenceModel {
  return {
    features: [...FEATURE_NAMES],
    weights: FEATURE_NAMES.map(() => 0),
    bias: Math.log(p / (1 - p)),
  };
}

describe("confidence", () => {
  it("is a probability on every passage, and confident passages reach the threshold", async () => {
    const engine = await shippedEngine();
    const result = engine.findPassages("payments in national currencies", { all: true });
    expect(result.passages.length).toBeGreaterThan(1);
    for (const passage of result.passages) {
      expect(passage.confidence).toBeGreaterThanOrEqual(0);
      expect(passage.confidence).toBeLessThanOrEqual(1);
      expect(passage.crossed).toBe(false);
      expect(passage.confident).toBe(passage.confidence >= engine.options.confidentAt);
    }
  });

  it.each([
    ["payments in national currencies", "en"],
    ["расчёты в национальных валютах", "ru"],
    ["以本币进行结算", "zh"],
  ])("answers %s confidently with the right paragraph first", async (question) => {
    const result = (await shippedEngine()).findPassages(question);
    expect(result.outcome).toBe("answered");
    expect(result.passages[0]?.confident).toBe(true);
    expect(`${result.passages[0]?.document.id}#${result.passages[0]?.paragraph}`).toBe(
      `${GLAZIEV}#8`,
    );
  });

  it.each([
    "How do I make fluffy pancakes?",
    "Какая погода будет завтра в Париже?",
    "明天巴黎的天气怎么样？",
  ])("finds nothing for %s", async (question) => {
    const result = (await shippedEngine()).findPassages(question);
    expect(result.outcome).toBe("none");
    expect(result.passages).toEqual([]);
  });

  it("offers only the closest passage when no passage is confident but one is plausible", async () => {
    const knowledge = await loadKnowledge("knowledge");
    const engine = new SearchEngine(knowledge, {}, { model: constantModel(0.2) });
    const result = engine.findPassages("payments in national currencies", { limit: 3 });
    expect(result.outcome).toBe("closest");
    expect(result.passages).toHaveLength(1);
    expect(result.passages[0]?.confident).toBe(false);
    expect(result.more).toBe(0);
  });

  it("finds nothing when even the best passage is implausible", async () => {
    const knowledge = await loadKnowledge("knowledge");
    const engine = new SearchEngine(knowledge, {}, { model: constantModel(0.05) });
    expect(engine.findPassages("payments in national currencies").outcome).toBe("none");
  });

  it("ships a model for exactly the engine's features", () => {
    expect(shippedModel().features).toEqual([...FEATURE_NAMES]);
  });

  it("refuses a model trained for other features, saying how to fix it", () => {
    const stale = { features: ["coverage"], weights: [1], bias: 0 };
    expect(() => parseModel(stale, "model.json")).toThrow(ConfidenceModelError);
    expect(() => parseModel(stale, "model.json")).toThrow(/npm run train-confidence/);
  });
});
