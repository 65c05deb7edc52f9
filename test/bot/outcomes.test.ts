import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { SearchEngine } from "../../src/search/engine.js";
import { FEATURE_NAMES } from "../../src/search/features.js";
import { createHarness } from "../support/bot-harness.js";

const knowledge = await loadKnowledge("knowledge");
// Every passage at 20%: plausible, never confident, so every answer is the closest passage.
const unsure = new SearchEngine(
  knowledge,
  {},
  {
    model: {
      features: [...FEATURE_NAMES],
      weights: FEATURE_NAMES.map(() => 0),
      bias: Math.log(0.2 / 0.8),
    },
  },
);

describe("an answer the engine is not sure of", () => {
  it.each([
    [
      "en",
      "payments in national currencies",
      "This may not answer your question; the closest passage is:",
    ],
    ["ru", "расчёты в национальных валютах", "Возможно, это не совсем ответ на ваш вопрос."],
    ["zh", "以本币进行结算", "以下内容未必能回答您的问题，这是最接近的段落："],
  ])(
    "is labelled as the closest passage in %s, one passage, no More",
    async (language, question, label) => {
      const bot = createHarness({}, undefined, { knowledge, engine: unsure });
      await bot.send(question, { language });
      const [answer] = bot.texts();
      expect(answer?.startsWith(label)).toBe(true);
      expect(answer).toContain("<b>1.</b>");
      expect(answer).not.toContain("<b>2.</b>");
      const buttons = [...bot.lastButtons().values()];
      expect(buttons.some((data) => data.startsWith("m:"))).toBe(false);
    },
  );
});

describe("a confident answer", () => {
  it("is introduced as what the documents say", async () => {
    const bot = createHarness();
    await bot.send("payments in national currencies");
    expect(bot.texts()[0]?.startsWith("Here is what the documents say:")).toBe(true);
  });
});
