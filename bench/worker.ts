/**
 * One measurement, in a process of its own so that heap figures and JIT state belong to one
 * engine and one corpus: load the knowledge folder, build the engine's index, measure the heap,
 * then time the labelled questions until done or out of budget. Reports to the parent over IPC
 * (or prints JSON lines when run by hand):
 *
 *   node --expose-gc --import tsx bench/worker.ts '{"engine":"this","directory":"knowledge",...}'
 */

import { commandLine, UsageError } from "../src/cli/arguments.js";
import { fuseRanker } from "../src/evaluation/baselines.js";
import { readLabelled } from "../src/evaluation/labelled.js";
import { paragraphKey } from "../src/evaluation/metrics.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { SearchEngine } from "../src/search/engine.js";
import { detectLanguage } from "../src/search/language.js";
import { lexiconFor } from "../src/search/lexicon.js";
import type { WorkerMessage, WorkerTask } from "./protocol.js";

const USAGE = "usage: node --expose-gc --import tsx bench/worker.ts TASK-JSON";
const task = commandLine(
  "bench/worker",
  USAGE,
  { options: {}, allowPositionals: true },
  ({ positionals: [json, ...rest] }) => {
    if (json === undefined || rest.length)
      throw new UsageError("bench/worker", "give exactly one TASK-JSON", USAGE);
    try {
      return JSON.parse(json) as WorkerTask;
    } catch {
      throw new UsageError("bench/worker", "TASK-JSON is not valid JSON", USAGE);
    }
  },
);

function send(message: WorkerMessage): void {
  if (process.send) process.send(message);
  else console.log(JSON.stringify(message));
}

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

const questions = await readLabelled(task.questions);
const heapStart = heapUsed();

let started = performance.now();
const knowledge = await loadKnowledge(task.directory);
const loadMs = performance.now() - started;
const heapLoaded = heapUsed();

started = performance.now();
// The engine's build includes reading the dictionaries it crosses languages with.
const lexicon = task.engine === "this" ? await lexiconFor(knowledge) : undefined;
const rank: (question: string) => readonly string[] =
  task.engine === "this"
    ? (() => {
        const engine = new SearchEngine(knowledge, {}, lexicon ? { lexicon } : {});
        return (question: string) =>
          engine
            .findPassages(question, { limit: 5 })
            .passages.map((p) => paragraphKey(p.document.id, p.paragraph));
      })()
    : (() => {
        const fuse = fuseRanker(knowledge);
        return (question: string) => fuse.rank(question, detectLanguage(question), 5);
      })();
const buildMs = performance.now() - started;
const heapIndexed = heapUsed();

send({
  type: "ready",
  loadMs,
  buildMs,
  heapStart,
  heapLoaded,
  heapIndexed,
  gc: typeof (globalThis as { gc?: unknown }).gc === "function",
});

// Queries: warm-up passes (not recorded), then measured passes, within the budget.
const queryStart = performance.now();
const latencies: number[] = [];
let done = 0;
let lastReport = queryStart;
let outOfBudget = false;
const total = (task.warmupPasses + task.passes) * questions.length;
outer: for (let pass = 0; pass < task.warmupPasses + task.passes; pass++) {
  const measured = pass >= task.warmupPasses;
  for (const question of questions) {
    if (performance.now() - queryStart > task.budgetMs) {
      outOfBudget = true;
      break outer;
    }
    const t = performance.now();
    rank(question.q);
    const elapsed = performance.now() - t;
    done++;
    if (measured) latencies.push(elapsed);
    const now = performance.now();
    if (now - lastReport > 250) {
      send({ type: "progress", done, total, measured: latencies.length });
      lastReport = now;
    }
  }
}

send({
  type: "done",
  latencies,
  done,
  total,
  queryMs: performance.now() - queryStart,
  outOfBudget,
  peakRss: process.resourceUsage().maxRSS * 1024,
});
process.disconnect?.();
