import { beforeAll, describe, expect, it } from "vitest";
import { engineAnswer } from "../../src/evaluation/engine-answer.js";
import type { LabelledQuestion } from "../../src/evaluation/labelled.js";
import { byLanguage, measure, type Quality } from "../../src/evaluation/metrics.js";
import { loadSet } from "../../src/evaluation/sets.js";
import { LANGUAGES, type Language } from "../../src/knowledge/types.js";
import { SearchEngine } from "../../src/search/engine.js";

// Floors a little under what `npm run eval` measures on the development sets: a change that
// makes search worse fails here. The targets are in the README with today's figures.
const FLOORS: Record<string, Partial<Quality>> = {
  dev: { hitAt1: 0.8, hitAt3: 0.9, confidentRight: 0.7, noConfident: 0.85, rejected: 0.85 },
  xquad: {
    hitAt1: 0.95,
    hitAt3: 0.99,
    confidentRight: 0.88,
    noConfident: 0.95,
    rejected: 0.8,
  },
};

const measured = new Map<string, Map<Language, Quality>>();

beforeAll(async () => {
  for (const name of Object.keys(FLOORS)) {
    const [run] = await loadSet(`test/eval/${name}`, "knowledge");
    if (!run) throw new Error(`test/eval/${name} has no knowledge`);
    const engine = new SearchEngine(run.knowledge);
    const byLang = new Map<Language, Quality>();
    for (const [language, list] of byLanguage(run.questions)) {
      const questions = list as LabelledQuestion[];
      byLang.set(
        language,
        measure(
          questions,
          questions.map((q) => engineAnswer(engine, q)),
        ),
      );
    }
    measured.set(name, byLang);
  }
}, 60_000);

describe.each(Object.keys(FLOORS))("search quality on the %s set", (name) => {
  it.each(LANGUAGES)("holds its floors in %s", (language) => {
    const quality = measured.get(name)?.get(language);
    expect(quality?.outOfDomain, "out-of-domain questions in the set").toBeGreaterThan(0);
    for (const [metric, floor] of Object.entries(FLOORS[name] ?? {})) {
      expect(
        quality?.[metric as keyof Quality],
        `${name} ${language} ${metric}`,
      ).toBeGreaterThanOrEqual(floor as number);
    }
  });
});
