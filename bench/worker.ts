/**
 * One measurement, in a process of its own so that heap figures and JIT state belong to one
 * engine and one corpus: load the knowledge folder, build the engine's index, measure the heap,
 * then time the labelled questions until done or out of budget. Reports to the parent over IPC
 * (or prints JSON lines when run by hand):
 *
 *   node --expose-gc --import tsx bench/worker.ts '{"engine":"this","directory":"knowledge",...}'
 */

import { monitorEventLoopDelay } from "node:perf_hooks";
import { commandLine, UsageError } from "../src/cli/arguments.js";
import {
  flexSearchRanker,
  fuseRanker,
  miniSearchRanker,
  plainBm25Ranker,
  type Ranker,
} from "../src/evaluation/baselines.js";
import { readLabelled } from "../src/evaluation/labelled.js";
import { paragraphKey } from "../src/evaluation/metrics.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { type KnowledgeBase, LANGUAGES } from "../src/knowledge/types.js";
import { buildIndexes, type PackedLanguage, paragraphsIn } from "../src/search/build.js";
import { SearchEngine } from "../src/search/engine.js";
import { cacheFile, cacheKey, writeIndexCache } from "../src/search/index-cache.js";
import { prepareIndexes, transferablesOf } from "../src/search/index-thread.js";
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

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

function heapUsed(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

type Rank = (question: string) => readonly string[];

function engineRank(engine: SearchEngine): Rank {
  return (question) =>
    engine
      .findPassages(question, { limit: 5 })
      .passages.map((p) => paragraphKey(p.document.id, p.paragraph));
}

function peerRank(ranker: Ranker): Rank {
  return (question) => ranker.rank(question, detectLanguage(question), 5);
}

/** This engine built cold, language by language (timed apiece), then cached. */
async function buildCold(knowledge: KnowledgeBase) {
  const languages: PackedLanguage[] = [];
  const buildByLanguage: Record<string, number> = {};
  for (const language of LANGUAGES) {
    const texts = paragraphsIn(knowledge, language);
    if (texts.length === 0) continue;
    const started = performance.now();
    languages.push(...buildIndexes({ [language]: texts }, knowledge.aliases));
    buildByLanguage[language] = performance.now() - started;
  }
  let cacheWriteMs: number | undefined;
  if (task.cacheDirectory) {
    const started = performance.now();
    const key = cacheKey(knowledge.fingerprint);
    await writeIndexCache(cacheFile(task.cacheDirectory, key), key, languages);
    cacheWriteMs = performance.now() - started;
  }
  const lexicon = await lexiconFor(knowledge);
  const engine = new SearchEngine(
    knowledge,
    {},
    { prebuilt: languages, ...(lexicon ? { lexicon } : {}) },
  );
  return {
    engine,
    languages,
    buildByLanguage,
    ...(cacheWriteMs === undefined ? {} : { cacheWriteMs }),
  };
}

/** This engine started as the bot starts: indexes from the cache (on a worker thread). */
async function startCached(knowledge: KnowledgeBase) {
  const prepared = await prepareIndexes(knowledge, {
    ...(task.cacheDirectory ? { cacheDirectory: task.cacheDirectory } : {}),
  });
  const lexicon = await lexiconFor(knowledge);
  const engine = new SearchEngine(
    knowledge,
    {},
    { prebuilt: prepared.languages, ...(lexicon ? { lexicon } : {}) },
  );
  const source =
    prepared.source === "cache" ? "cache" : `built (${prepared.cacheMiss ?? "no cache folder"})`;
  return { engine, source, languages: prepared.languages };
}

const questions = await readLabelled(task.questions);
const heapStart = heapUsed();

let started = performance.now();
const knowledge = await loadKnowledge(task.directory);
const loadMs = performance.now() - started;
const heapLoaded = heapUsed();

started = performance.now();
let rank: Rank;
let engine: SearchEngine | undefined;
let details: {
  languages?: readonly PackedLanguage[];
  buildByLanguage?: Record<string, number>;
  cacheWriteMs?: number;
  source?: string;
} = {};
if (task.engine === "this") {
  const built = await buildCold(knowledge);
  engine = built.engine;
  details = built;
} else if (task.engine === "this-cached") {
  const cached = await startCached(knowledge);
  engine = cached.engine;
  details = { source: cached.source, languages: cached.languages };
}
if (engine) rank = engineRank(engine);
else if (task.engine === "minisearch") rank = peerRank(miniSearchRanker(knowledge));
else if (task.engine === "flexsearch") rank = peerRank(flexSearchRanker(knowledge));
else if (task.engine === "bm25") rank = peerRank(plainBm25Ranker(knowledge));
else rank = peerRank(fuseRanker(knowledge));
// The cache write is timed on its own, not as part of the build.
const buildMs = performance.now() - started - (details.cacheWriteMs ?? 0);
const heapIndexed = heapUsed();
const indexArrayBytes = details.languages
  ? transferablesOf(details.languages).reduce((sum, buffer) => sum + buffer.byteLength, 0)
  : undefined;

send({
  type: "ready",
  loadMs,
  buildMs,
  heapStart,
  heapLoaded,
  heapIndexed,
  ...(indexArrayBytes === undefined ? {} : { indexArrayBytes }),
  gc: typeof (globalThis as { gc?: unknown }).gc === "function",
  ...(details.buildByLanguage ? { buildByLanguage: details.buildByLanguage } : {}),
  ...(details.cacheWriteMs === undefined ? {} : { cacheWriteMs: details.cacheWriteMs }),
  ...(details.source ? { source: details.source } : {}),
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

const peakRss = process.resourceUsage().maxRSS * 1024;
if (task.reload && engine) await measureReload(engine);
send({
  type: "done",
  latencies,
  done,
  total,
  queryMs: performance.now() - queryStart,
  outOfBudget,
  peakRss,
});
process.disconnect?.();

/**
 * Reloads the folder as the bot does on a change (load on this thread, build the indexes on a
 * worker thread, no cache) while a question is asked every 25 ms, and records how long the
 * event loop was held up at most.
 */
async function measureReload(current: SearchEngine): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let longestStallMs = 0;
  let longestReloadStallMs = 0;
  let questionMsSinceTick = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last - 1;
    longestStallMs = Math.max(longestStallMs, gap);
    // What held the loop up besides answering (the reload's own work, its garbage collection).
    longestReloadStallMs = Math.max(longestReloadStallMs, gap - questionMsSinceTick);
    questionMsSinceTick = 0;
    last = now;
  }, 1);
  let answeredMeanwhile = 0;
  let longestQuestionMs = 0;
  let next = 0;
  const asker = setInterval(() => {
    const question = questions[next++ % questions.length];
    if (!question) return;
    const t = performance.now();
    current.findPassages(question.q, { limit: 5 });
    const took = performance.now() - t;
    longestQuestionMs = Math.max(longestQuestionMs, took);
    questionMsSinceTick += took;
    answeredMeanwhile++;
  }, 25);
  delay.enable();
  const started = performance.now();
  const fresh = await loadKnowledge(task.directory);
  const prepared = await prepareIndexes(fresh, { thread: true });
  const lexicon = await lexiconFor(fresh);
  new SearchEngine(fresh, {}, { prebuilt: prepared.languages, ...(lexicon ? { lexicon } : {}) });
  const reloadMs = performance.now() - started;
  delay.disable();
  clearInterval(ticker);
  clearInterval(asker);
  send({
    type: "reload",
    reloadMs,
    longestStallMs,
    longestReloadStallMs,
    maxDelayMs: delay.max / 1e6,
    answeredMeanwhile,
    longestQuestionMs,
  });
}
