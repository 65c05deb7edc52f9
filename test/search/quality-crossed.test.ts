import { beforeAll, describe, it } from "vitest";
import type { Quality } from "../../src/evaluation/metrics.js";
import type { Language } from "../../src/knowledge/types.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { expectFloors, type Floors, measureRuns } from "./quality-floors.js";

// Floors a little under what `npm run eval` measures on XQuAD with its knowledge in one
// language only: questions in the other languages cross over.
const FLOORS: Record<string, Partial<Record<Language, Floors>>> = {
  "xquad/knowledge-en": {
    ru: { hitAt1: 0.7, hitAt3: 0.85, noConfident: 0.95 },
    zh: { hitAt1: 0.65, hitAt3: 0.8, noConfident: 0.95 },
  },
  "xquad/knowledge-ru": {
    en: { hitAt1: 0.75, hitAt3: 0.9, noConfident: 0.95 },
    zh: { hitAt1: 0.4, hitAt3: 0.55, noConfident: 0.95 },
  },
};

let measured: Map<string, Map<Language, Quality>>;

beforeAll(async () => {
  measured = await measureRuns(["xquad"], (run) => run in FLOORS, await loadLexicon());
}, 120_000);

describe.each(Object.keys(FLOORS))("search across languages on %s", (run) => {
  it.each(Object.keys(FLOORS[run] ?? {}) as Language[])(
    "finds the paragraph for questions in %s, and keeps off-topic ones unconfident",
    (language) => {
      expectFloors(
        measured.get(run)?.get(language),
        `${run} ${language}`,
        FLOORS[run]?.[language] ?? {},
      );
    },
  );
});
