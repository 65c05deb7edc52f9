import { access, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { StartupError } from "../errors.js";
import { loadKnowledge } from "../knowledge/load.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { type LabelledQuestion, readLabelled } from "./labelled.js";

/** One knowledge folder with the questions asked of it. */
export interface EvaluationRun {
  /** `set` or `set/knowledge-en`. */
  readonly name: string;
  readonly knowledge: KnowledgeBase;
  readonly questions: readonly LabelledQuestion[];
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Reads a labelled set: a folder with `questions.jsonl` and the knowledge it is asked of:
 * `knowledge/` (or, when the folder has none, `fallbackKnowledge`), plus any `knowledge-xx/`
 * copies holding the same documents in fewer languages (cross-language runs).
 * @throws {StartupError} when the folder holds no questions.jsonl
 */
export async function loadSet(
  directory: string,
  fallbackKnowledge: string,
): Promise<EvaluationRun[]> {
  const file = join(directory, "questions.jsonl");
  if (!(await exists(file)))
    throw new StartupError(
      `${file}: not found (a labelled set is a folder holding questions.jsonl)`,
      2,
    );
  const questions = await readLabelled(file);
  const name = basename(directory);
  const own = join(directory, "knowledge");
  const runs: EvaluationRun[] = [];
  const main = (await exists(own)) ? own : fallbackKnowledge;
  runs.push({ name, knowledge: await loadKnowledge(main), questions });
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || !/^knowledge-[a-z]{2}$/.test(entry.name)) continue;
    const knowledge = await loadKnowledge(join(directory, entry.name));
    runs.push({ name: `${name}/${entry.name}`, knowledge, questions });
  }
  return runs;
}

/** The project's own labelled sets, in the order `npm run eval` prints them. */
export const PROJECT_SETS = [
  "test/eval/dev",
  "test/eval/holdout",
  "test/eval/natural",
  "test/eval/xquad",
] as const;
