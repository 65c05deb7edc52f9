/**
 * `npm run bench [-- --quick] [-- --keep]`: speed and memory of the search engine against plain
 * Fuse.js, on the shipped knowledge folder and on synthetic folders of 10,000 and 100,000
 * paragraphs per language (generated into a temporary folder and removed at the end; `--keep`
 * keeps them, `--quick` skips the 100,000-paragraph one).
 *
 * Every engine × corpus runs in a fresh worker process (bench/worker.ts, with --expose-gc so
 * that heap figures are taken after a full collection), under a time budget: a run that
 * exceeds it is stopped and reported as "> budget" with the number of questions it got through.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { commandLine } from "../src/cli/arguments.js";
import { runEntryPoint } from "../src/errors.js";
import { readLabelled } from "../src/evaluation/labelled.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { LANGUAGES } from "../src/knowledge/types.js";
import { formatBytes, formatCount, formatMs, median, percentile, table } from "./format.js";
import type {
  DoneMessage,
  EngineName,
  ProgressMessage,
  ReadyMessage,
  WorkerMessage,
  WorkerTask,
} from "./protocol.js";
import { generateCorpus, type SyntheticCorpus } from "./synthetic.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SEED_DIRECTORY = join(ROOT, "knowledge");
const QUESTIONS = join(ROOT, "test", "eval", "dev", "questions.jsonl");
const { values: options } = commandLine("bench", "usage: npm run bench [-- --quick] [-- --keep]", {
  options: {
    quick: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const QUICK = options.quick;
const KEEP = options.keep;
const RANDOM_SEED = 20_240_601;
/** Longest a worker may take to load the folder and build its index before it is stopped. */
const SETUP_LIMIT_MS = 180_000;
const STARTUP_RUNS = 5;

interface CorpusPlan {
  readonly name: string;
  readonly paragraphs?: number;
  /** Per engine: JIT warm-up passes, measured passes, query budget. */
  readonly runs: Readonly<Record<EngineName, { warmup: number; passes: number; budgetMs: number }>>;
}

const PLANS: readonly CorpusPlan[] = [
  {
    name: "seed",
    runs: {
      this: { warmup: 2, passes: 20, budgetMs: 30_000 },
      fuse: { warmup: 1, passes: 5, budgetMs: 20_000 },
    },
  },
  {
    name: "10k",
    paragraphs: 10_000,
    runs: {
      this: { warmup: 1, passes: 3, budgetMs: 60_000 },
      fuse: { warmup: 0, passes: 1, budgetMs: 20_000 },
    },
  },
  {
    name: "100k",
    paragraphs: 100_000,
    runs: {
      this: { warmup: 1, passes: 2, budgetMs: 60_000 },
      fuse: { warmup: 0, passes: 1, budgetMs: 20_000 },
    },
  },
];

const ENGINES: readonly { readonly name: EngineName; readonly label: string }[] = [
  { name: "this", label: "this engine" },
  { name: "fuse", label: "plain Fuse.js" },
];

const log = (message: string) => process.stderr.write(`${message}\n`);

// --- child processes ------------------------------------------------------------------------

const children = new Set<ChildProcess>();

interface WorkerOutcome {
  readonly task: WorkerTask;
  ready?: ReadyMessage;
  progress?: ProgressMessage;
  done?: DoneMessage;
  /** Why the parent stopped the worker, if it did. */
  stopped?: "budget" | "setup";
  /** Exit code or signal when the worker failed on its own. */
  failure?: string;
  peakRss?: number;
}

function runWorker(task: WorkerTask): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const outcome: WorkerOutcome = { task };
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(ROOT, "bench", "worker.ts"), JSON.stringify(task)],
      { cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    children.add(child);
    const stop = (reason: "budget" | "setup") => {
      outcome.stopped = reason;
      child.kill("SIGKILL");
    };
    let timer = setTimeout(() => stop("setup"), SETUP_LIMIT_MS);
    child.on("message", (message: WorkerMessage) => {
      if (message.type === "ready") {
        outcome.ready = message;
        clearTimeout(timer);
        // The worker stops itself between questions; this catches a single question that
        // runs past the budget (plain Fuse.js at 100,000 paragraphs).
        timer = setTimeout(() => stop("budget"), task.budgetMs + 500);
      } else if (message.type === "progress") {
        outcome.progress = message;
      } else if (message.type === "done") {
        outcome.done = message;
        outcome.peakRss = message.peakRss;
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (!outcome.done && !outcome.stopped) outcome.failure = signal ?? `exit code ${code}`;
      resolve(outcome);
    });
  });
}

interface StartupRun {
  readonly readyMs: number;
  readonly wallMs: number;
}

function runStartup(): Promise<StartupRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "bench", "startup.ts"), SEED_DIRECTORY],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    children.add(child);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => {
      children.delete(child);
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`start-up script failed with exit code ${code}`));
      const { readyMs } = JSON.parse(output.trim()) as { readyMs: number };
      resolve({ readyMs, wallMs });
    });
  });
}

// --- corpora --------------------------------------------------------------------------------

function folderBytes(directory: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      const inner = folderBytes(path);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile() && entry.name.endsWith(".md")) {
      bytes += statSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

interface Corpus {
  readonly plan: CorpusPlan;
  readonly directory: string;
  readonly documents: number;
  readonly paragraphs: number;
  readonly files: number;
  readonly bytes: number;
  readonly synthetic?: SyntheticCorpus;
}

// --- main -----------------------------------------------------------------------------------

const temporary = mkdtempSync(join(os.tmpdir(), "cited-docs-bench-"));
const cleanUp = () => {
  for (const child of children) child.kill("SIGKILL");
  if (!KEEP) rmSync(temporary, { recursive: true, force: true });
};
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const questions = await readLabelled(QUESTIONS);
  const seed = await loadKnowledge(SEED_DIRECTORY);
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `Benchmark: ${questions.length} labelled questions (${QUESTIONS.slice(ROOT.length + 1)}), ` +
      `node ${process.version}, ${cpu}, ${os.availableParallelism()} cores, ` +
      `${formatBytes(os.totalmem())} RAM${QUICK ? ", --quick (no 100,000-paragraph corpus)" : ""}`,
  );
  const [load1] = os.loadavg();
  console.log(
    `Load average before starting: ${(load1 ?? 0).toFixed(2)}` +
      ((load1 ?? 0) > 0.5 ? " (other processes are busy: expect noisier figures)" : ""),
  );

  const corpora: Corpus[] = [];
  for (const plan of PLANS) {
    if (plan.paragraphs === undefined) {
      const { bytes, files } = folderBytes(SEED_DIRECTORY);
      corpora.push({
        plan,
        directory: SEED_DIRECTORY,
        documents: seed.documents.length,
        paragraphs: seed.documents.reduce((sum, d) => sum + d.paragraphCount, 0),
        files,
        bytes,
      });
      continue;
    }
    if (QUICK && plan.paragraphs > 10_000) continue;
    log(`generating ${formatCount(plan.paragraphs)} paragraphs per language…`);
    const synthetic = generateCorpus(
      seed,
      SEED_DIRECTORY,
      join(temporary, plan.name),
      plan.paragraphs,
      RANDOM_SEED + plan.paragraphs,
    );
    const { bytes, files } = folderBytes(synthetic.directory);
    corpora.push({
      plan,
      directory: synthetic.directory,
      documents: synthetic.documents,
      paragraphs: synthetic.paragraphs,
      files,
      bytes,
      synthetic,
    });
  }

  log(`start-up to ready on the seed corpus, ${STARTUP_RUNS} fresh processes…`);
  const startups: StartupRun[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) startups.push(await runStartup());

  const results = new Map<string, WorkerOutcome>();
  for (const corpus of corpora) {
    for (const engine of ENGINES) {
      const run = corpus.plan.runs[engine.name];
      log(
        `${corpus.plan.name}: ${engine.label}, ${run.warmup} warm-up + ${run.passes} measured pass(es), budget ${formatMs(run.budgetMs)}…`,
      );
      const outcome = await runWorker({
        engine: engine.name,
        directory: corpus.directory,
        questions: QUESTIONS,
        warmupPasses: run.warmup,
        passes: run.passes,
        budgetMs: run.budgetMs,
      });
      results.set(`${corpus.plan.name}/${engine.name}`, outcome);
      if (outcome.failure) log(`  worker failed: ${outcome.failure}`);
    }
  }

  // --- report -------------------------------------------------------------------------------

  console.log("\nCorpora (paragraphs are per language; every document has en, ru and zh)");
  const corpusRows: string[][] = [
    [
      "corpus",
      "documents",
      "paragraphs",
      "files",
      "size",
      "invented vocabulary en/ru/zh",
      "generated in",
    ],
  ];
  for (const corpus of corpora) {
    const vocabulary = corpus.synthetic
      ? LANGUAGES.map((language) => {
          const v = corpus.synthetic?.vocabulary[language];
          return v ? `${formatCount(v.used)}/${formatCount(v.size)}` : "—";
        }).join(", ")
      : "— (shipped documents)";
    corpusRows.push([
      corpus.plan.name,
      formatCount(corpus.documents),
      formatCount(corpus.paragraphs),
      formatCount(corpus.files),
      formatBytes(corpus.bytes),
      vocabulary,
      corpus.synthetic ? formatMs(corpus.synthetic.seconds * 1000) : "—",
    ]);
  }
  console.log(table(corpusRows, [1, 2, 3, 4]));
  console.log(
    "invented vocabulary: words used / vocabulary size (Heaps' law, V = 40·N^0.5, N = 60 tokens × paragraphs);\n" +
      "synthetic folders also hold the shipped documents and aliases, so every question still has its answer.",
  );

  console.log(
    "\nSpeed and memory (each run in a fresh process; heap after a full GC; latency per question, in-process)",
  );
  const rows: string[][] = [
    [
      "corpus",
      "engine",
      "load",
      "build",
      "heap",
      "of which index",
      "peak RSS",
      "p50",
      "p95",
      "p99",
      "questions timed",
    ],
  ];
  corpora.forEach((corpus, i) => {
    if (i > 0) rows.push(["--"]);
    for (const engine of ENGINES) {
      const outcome = results.get(`${corpus.plan.name}/${engine.name}`);
      if (outcome) rows.push(resultRow(corpus, engine.label, outcome, questions.length));
    }
  });
  console.log(table(rows, [2, 3, 4, 5, 6, 7, 8, 9]));
  console.log(
    "load: loadKnowledge; build: new SearchEngine / plain Fuse.js; heap: heapUsed with the knowledge and the index;\n" +
      "of which index: heap after building minus heap after loading; peak RSS: process maximum (load, build and queries);\n" +
      "1 MB = 10^6 bytes, 1 GB = 10^9 bytes; a run stopped by its budget has no peak RSS.",
  );

  console.log(
    "\nStart-up to ready on the seed corpus (fresh `node --import tsx` process: imports, load, build)",
  );
  const ready = startups.map((s) => s.readyMs);
  const wall = startups.map((s) => s.wallMs);
  console.log(
    `  since process start (performance.now()): median ${formatMs(median(ready))}, ` +
      `runs ${ready.map((ms) => formatMs(ms)).join(", ")}`,
  );
  console.log(
    `  wall clock from spawn to exit, seen by the parent: median ${formatMs(median(wall))}`,
  );

  console.log("\nTargets");
  const targetRows: string[][] = [["target", "measured", "limit", "result"]];
  const seedRun = results.get("seed/this");
  const big = results.get("100k/this");
  const tenThousand = results.get("10k/this");
  const latencyP95 = (outcome: WorkerOutcome | undefined) =>
    outcome?.done && !outcome.done.outOfBudget ? percentile(outcome.done.latencies, 95) : undefined;
  const check = (
    name: string,
    value: number | undefined,
    limit: number,
    shown: (v: number | undefined) => string,
    skipped: boolean,
  ) => {
    if (skipped) targetRows.push([name, "not run (--quick)", `< ${shown(limit)}`, "SKIP"]);
    else
      targetRows.push([
        name,
        shown(value),
        `< ${shown(limit)}`,
        value !== undefined && value < limit ? "PASS" : "FAIL",
      ]);
  };
  check("seed corpus: query p95", latencyP95(seedRun), 0.5, formatMs, false);
  check("100,000 paragraphs: query p95", latencyP95(big), 30, formatMs, QUICK);
  check("100,000 paragraphs: index build", big?.ready?.buildMs, 30_000, formatMs, QUICK);
  check(
    "100,000 paragraphs: heap after indexing",
    big?.ready?.heapIndexed,
    1e9,
    formatBytes,
    QUICK,
  );
  check("start-up to ready (seed, median)", median(ready), 1000, formatMs, false);
  check("10,000 paragraphs: loadKnowledge", tenThousand?.ready?.loadMs, 1000, formatMs, false);
  console.log(table(targetRows, [1, 2]));
  console.log(`\nBenchmark finished in ${formatMs(performance.now() - benchStarted)}.`);
  if (KEEP) console.log(`Synthetic corpora kept in ${temporary}`);
}

function resultRow(
  corpus: Corpus,
  label: string,
  outcome: WorkerOutcome,
  questionCount: number,
): string[] {
  const { ready, done, progress } = outcome;
  const base = [
    corpus.plan.name,
    label,
    formatMs(ready?.loadMs),
    formatMs(ready?.buildMs),
    formatBytes(ready?.heapIndexed),
    ready ? formatBytes(ready.heapIndexed - ready.heapLoaded) : "—",
    formatBytes(outcome.peakRss),
  ];
  if (outcome.failure) return [...base, "—", "—", "—", `worker failed (${outcome.failure})`];
  if (outcome.stopped === "setup") {
    return [...base, "—", "—", "—", `stopped: no index after ${formatMs(SETUP_LIMIT_MS)}`];
  }
  const budget = formatMs(outcome.task.budgetMs);
  if (!done || done.outOfBudget) {
    // Out of budget: report how far it got rather than percentiles of a biased subset.
    const count = done?.done ?? progress?.done ?? 0;
    const elapsed = done?.queryMs ?? outcome.task.budgetMs;
    const perQuestion =
      count > 0 ? `~${formatMs(elapsed / count)}/question` : `> ${budget}/question`;
    return [
      ...base,
      `> budget`,
      `> budget`,
      `> budget`,
      `${count}/${questionCount * (outcome.task.warmupPasses + outcome.task.passes)} in ${budget} budget (${perQuestion})`,
    ];
  }
  const { latencies } = done;
  return [
    ...base,
    formatMs(percentile(latencies, 50)),
    formatMs(percentile(latencies, 95)),
    formatMs(percentile(latencies, 99)),
    `${formatCount(latencies.length)} (${outcome.task.passes} × ${questionCount}, +${outcome.task.warmupPasses} warm-up)`,
  ];
}

// The temporary corpora go whatever happens, before a failure ends the process with one line.
await runEntryPoint(async () => {
  try {
    await main();
  } finally {
    cleanUp();
  }
}, "bench");
