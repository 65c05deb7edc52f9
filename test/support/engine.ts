import { loadKnowledge } from "../../src/knowledge/load.js";
import { SearchEngine } from "../../src/search/engine.js";

let shared: Promise<SearchEngine> | undefined;

/** One engine over the shipped knowledge, shared by the tests of a file. */
export function shippedEngine(): Promise<SearchEngine> {
  shared ??= loadKnowledge("knowledge").then((knowledge) => new SearchEngine(knowledge));
  return shared;
}

/** `document#paragraph` of the passages, best first. */
export function keys(result: {
  passages: readonly { document: { id: string }; paragraph: number }[];
}): string[] {
  return result.passages.map((p) => `${p.document.id}#${p.paragraph}`);
}

export const GLAZIEV = "glaziev-partnership-model";
export const EIR = "think-tanks-collaboration";
