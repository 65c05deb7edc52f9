import { beforeAll, describe, it } from "vitest";
import type { Quality } from "../../src/evaluation/metrics.js";
import { LANGUAGES, type Language } from "../../src/knowledge/types.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { expectFloors, type Floors, measureRuns } from "./quality-floors.js";

// Floors a little under what `npm run eval` measures on the development sets, so that a change
// that makes search worse fails here (questions across languages: quality-crossed.test.ts).
const FLOORS: Record<string, Floors> = {
  dev: { hitAt1: 0.8, hitAt3: 0.9, confidentRight: 0.65, noConfident: 0.85, rejected: 0.85 },
  xquad: { hitAt1: 0.95, hitAt3: 0.99, confidentRight: 0.87, noConfident: 0.95, rejected: 0.8 },
};

let measured: Map<string, Map<Language, Quality>>;

beforeAll(async () => {
  // The lexicon as `npm run eval` has it, though every document here has every language.
  measured = await measureRuns(["dev", "xquad"], (run) => run in FLOORS, await loadLexicon());
}, 120_000);

describe.each(Object.keys(FLOORS))("search quality on the %s set", (run) => {
  it.each(LANGUAGES)("holds its floors in %s", (language) => {
    expectFloors(measured.get(run)?.get(language), `${run} ${language}`, FLOORS[run] ?? {});
  });
});
