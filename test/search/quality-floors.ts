import { expect } from "vitest";
import { engineAnswer } from "../../src/evaluation/engine-answer.js";
import { byLanguage, measure, type Quality } from "../../src/evaluation/metrics.js";
import { loadSet } from "../../src/evaluation/sets.js";
import type { Language } from "../../src/knowledge/types.js";
import type { Lexicon } from "../../src/search/crossing.js";
import { SearchEngine } from "../../src/search/engine.js";

/** The least each metric may measure. */
export type Floors = Partial<Record<keyof Quality, number>>;

/** Quality per language of the runs of `sets` that `wanted` names, as `npm run eval` measures. */
export async function measureRuns(
  sets: readonly string[],
  wanted: (run: string) => boolean,
  lexicon?: Lexicon,
): Promise<Map<string, Map<Language, Quality>>> {
  const measured = new Map<string, Map<Language, Quality>>();
  for (const set of sets) {
    for (const run of await loadSet(`test/eval/${set}`, "knowledge")) {
      if (!wanted(run.name)) continue;
      const engine = new SearchEngine(run.knowledge, {}, lexicon ? { lexicon } : {});
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
  return measured;
}

/** Expects every floor of a run's language to hold. */
export function expectFloors(quality: Quality | undefined, label: string, floors: Floors): void {
  expect(quality?.outOfDomain, `${label} has out-of-domain questions`).toBeGreaterThan(0);
  for (const [metric, floor] of Object.entries(floors))
    expect(quality?.[metric as keyof Quality], `${label} ${metric}`).toBeGreaterThanOrEqual(floor);
}
