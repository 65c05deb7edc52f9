import type { SearchEngine } from "../search/engine.js";
import type { LabelledQuestion } from "./labelled.js";
import { type Answer, paragraphKey } from "./metrics.js";

/**
 * What the engine does with a labelled question: its five best paragraphs whatever their
 * confidence (for hit@k), how many it would show, and whether it would show them as answers.
 */
export function engineAnswer(engine: SearchEngine, question: LabelledQuestion): Answer {
  const result = engine.findPassages(question.q, { limit: 5, all: true, language: question.lang });
  return {
    keys: result.passages.map((p) => paragraphKey(p.document.id, p.paragraph)),
    shown: result.outcome === "none" ? 0 : result.outcome === "closest" ? 1 : 5,
    confident: result.outcome === "answered",
  };
}
