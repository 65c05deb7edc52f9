import { beforeAll, describe, expect, it } from "vitest";
import { engineAnswer } from "../../src/evaluation/engine-answer.js";
import { byLanguage, measure, type Quality } from "../../src/evaluation/metrics.js";
import { loadSet } from "../../src/evaluation/sets.js";
import { LANGUAGES, type Language } from "../../src/knowledge/types.js";
import { SearchEngine } from "../../src/search/engine.js";
import { loadLexicon } from "../../src/search/lexicon.js";

type Floors = Partial<Record<keyof Quality, number>>;

// Floors a little under what `npm run eval` measures on the development sets, so that a change
// that makes search worse fails here. Per run: the set, or the set with its knowledge in one
// language only (questions in the other languages cross over); per language where they differ.
const SAME_LANGUAGE: Record<string, Floors> = {
  dev: { hitAt1: 0.8, hitAt3: 0.9, confidentRight: 0.65, noConfident: 0.85, rejected: 0.85 },
  xquad: { hitAt1: 0.95, hitAt3: 0.99, confidentRight: 0.87, noConfident: 0.95, rejected: 0.8 },
};
const CROSSED: Record<string, Partial<Record<Language, Floors>>> = {
  "xquad/knowledge-en": {
    ru: { hitAt1: 0.7, hitAt3: 0.85, noConfident: 0.95 },
    zh: { hitAt1: 0.65, hitAt3: 0.8, noConfident: 0.95 },
  },
  "xquad/knowledge-ru": {
    en: { hitAt1: 0.75, hitAt3: 0.9, noConfident: 0.95 },
    zh: { hitAt1: 0.4, hitAt3: 0.55, noConfident: 0.95 },
  },
};

const measured = new Map<string, Map<Language, Quality>>();

beforeAll(async () => {
  const lexicon = await loadLexicon();
  for (const set of ["dev", "xquad"]) {
    for (const run of await loadSet(`test/eval/${set}`, "knowledge")) {
      const engine = new SearchEngine(run.knowledge, {}, { lexicon });
      const qualities = new Map<Language, Quality>();
      for (const [language, questions] of byLanguage(run.questions))
        qualities.set(
          language,
          measure(
            questions,
            questions.map((q) => engineAnswer(engine, q)),
          ),
        );
      measured.set(run.name, qualities);
    }
  }
}, 120_000);

function expectFloors(run: string, language: Language, floors: Floors) {
  const quality = measured.get(run)?.get(language);
  expect(quality?.outOfDomain, `${run} has out-of-domain questions`).toBeGreaterThan(0);
  for (const [metric, floor] of Object.entries(floors))
    expect(
      quality?.[metric as keyof Quality],
      `${run} ${language} ${metric}`,
    ).toBeGreaterThanOrEqual(floor);
}

describe.each(Object.keys(SAME_LANGUAGE))("search quality on the %s set", (run) => {
  it.each(LANGUAGES)("holds its floors in %s", (language) => {
    expectFloors(run, language, SAME_LANGUAGE[run] ?? {});
  });
});

describe.each(Object.keys(CROSSED))("search across languages on %s", (run) => {
  it.each(Object.keys(CROSSED[run] ?? {}) as Language[])(
    "finds the paragraph for questions in %s, and keeps off-topic ones unconfident",
    (language) => {
      expectFloors(run, language, CROSSED[run]?.[language] ?? {});
    },
  );
});
