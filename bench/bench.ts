/**
 * `npm run bench [-- --quick] [-- --keep] [-- --million]`: speed and memory of the search engine
 * beside MiniSearch, FlexSearch, a plain BM25 and plain Fuse.js, on the shipped knowledge folder
 * and on synthetic folders of 10,000 and 100,000 paragraphs per language (generated into a
 * temporary folder and removed at the end; `--keep` keeps them, `--quick` skips the
 * 100,000-paragraph one, `--million` adds one of 1,000,000 for this engine alone).
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
  ReloadMessage,
  WorkerMessage,
  WorkerTask,
} from "./protocol.js";
import { generateCorpus, type SyntheticCorpus } from "./synthetic.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SEED_DIRECTORY = join(ROOT, "knowledge");
const QUESTIONS = join(ROOT, "test", "eval", "dev", "questions.jsonl");
const { values: options } = commandLine(
  "bench",
  "usage: npm run bench [-- --quick] [-- --keep] [-- --million]",
  {
    options: {
      quick: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      million: { type: "boolean", default: false },
    },
  },
);
const QUICK = options.quick;
const KEEP = options.keep;
const MILLION = options.million;
const RANDOM_SEED = 20_240_601;
/** Longest a worker may take to load the folder and build its index before it is stopped. */
const SETUP_LIMIT_MS = 180_000;
/** At a million paragraphs, loading alone takes minutes on this machine. */
const MILLION_SETUP_LIMIT_MS = 1_500_000;

function setupLimit(task: WorkerTask): number {
  return task.directory.endsWith("1M") ? MILLION_SETUP_LIMIT_MS : SETUP_LIMIT_MS;
}
const STARTUP_RUNS = 5;

interface CorpusPlan {
  readonly name: string;
  readonly paragraphs?: number;
  /** Run only with `--million`. */
  readonly million?: boolean;
  /** Per engine: JIT warm-up passes, measured passes, query budget. */
  readonly runs: Readonly<Record<EngineName, { warmup: number; passes: number; budgetMs: number }>>;
}

type Run = { warmup: number; passes: number; budgetMs: number };
const peers = (run: Run): Record<"minisearch" | "flexsearch" | "bm25", Run> => ({
  minisearch: run,
  flexsearch: run,
  bm25: run,
});

const PLANS: readonly CorpusPlan[] = [
  {
    name: "seed",
    runs: {
      this: { warmup: 2, passes: 20, budgetMs: 30_000 },
      "this-cached": { warmup: 2, passes: 20, budgetMs: 30_000 },
      ...peers({ warmup: 2, passes: 20, budgetMs: 30_000 }),
      fuse: { warmup: 1, passes: 5, budgetMs: 20_000 },
    },
  },
  {
    name: "10k",
    paragraphs: 10_000,
    runs: {
      this: { warmup: 1, passes: 3, budgetMs: 60_000 },
      "this-cached": { warmup: 1, passes: 3, budgetMs: 60_000 },
      ...peers({ warmup: 1, passes: 3, budgetMs: 60_000 }),
      fuse: { warmup: 0, passes: 1, budgetMs: 20_000 },
    },
  },
  {
    name: "100k",
    paragraphs: 100_000,
    runs: {
      this: { warmup: 1, passes: 2, budgetMs: 60_000 },
      "this-cached": { warmup: 1, passes: 2, budgetMs: 60_000 },
      ...peers({ warmup: 1, passes: 2, budgetMs: 60_000 }),
      fuse: { warmup: 0, passes: 1, budgetMs: 20_000 },
    },
  },
  {
    name: "1M",
    paragraphs: 1_000_000,
    million: true,
    runs: {
      this: { warmup: 1, passes: 1, budgetMs: 120_000 },
      "this-cached": { warmup: 1, passes: 1, budgetMs: 120_000 },
      ...peers({ warmup: 0, passes: 0, budgetMs: 0 }),
      fuse: { warmup: 0, passes: 0, budgetMs: 0 },
    },
  },
];

const ENGINES: readonly { readonly name: EngineName; readonly label: string }[] = [
  { name: "this", label: "this engine, cold build" },
  { name: "this-cached", label: "this engine, from cache" },
  { name: "minisearch", label: "MiniSearch" },
  { name: "flexsearch", label: "FlexSearch" },
  { name: "bm25", label: "plain BM25" },
  { name: "fuse", label: "plain Fuse.js" },
];

/** Engines run at a million paragraphs: ours only (the peers' heaps do not fit). */
const MILLION_ENGINES: readonly EngineName[] = ["this", "this-cached"];

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
  reload?: ReloadMessage;
}

function runWorker(task: WorkerTask): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const outcome: WorkerOutcome = { task };
    const child = spawn(
      process.execPath,
      [
        "--expose-gc",
        // A million paragraphs in three languages hold about 2.5 GB of text alone.
        "--max-old-space-size=12288",
        "--import",
        "tsx",
        join(ROOT, "bench", "worker.ts"),
        JSON.stringify(task),
      ],
      { cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    children.add(child);
    const stop = (reason: "budget" | "setup") => {
      outcome.stopped = reason;
      child.kill("SIGKILL");
    };
    let timer = setTimeout(() => stop("setup"), setupLimit(task));
    child.on("message", (message: WorkerMessage) => {
      if (message.type === "ready") {
        outcome.ready = message;
        clearTimeout(timer);
        // The worker stops itself between questions; this catches a single question that
        // runs past the budget (plain Fuse.js at 100,000 paragraphs).
        timer = setTimeout(() => stop("budget"), task.budgetMs + 500);
      } else if (message.type === "progress") {
        outcome.progress = message;
      } else if (message.type === "reload") {
        outcome.reload = message;
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
    if (plan.million && !MILLION) continue;
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
    const cacheDirectory = join(temporary, `${corpus.plan.name}-index-cache`);
    for (const engine of ENGINES) {
      if (corpus.plan.million && !MILLION_ENGINES.includes(engine.name)) continue;
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
        cacheDirectory,
        // The live reload is measured where it matters: on the synthetic corpora.
        reload: engine.name === "this-cached" && corpus.plan.paragraphs !== undefined,
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
      "index arrays",
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
  console.log(table(rows, [2, 3, 4, 5, 6, 7, 8, 9, 10]));
  console.log(
    "load: loadKnowledge; build: this engine's indexes (cold: on the measuring thread; from cache: read on a\n" +
      "worker thread and opened) or the peer's index; heap: V8 heapUsed with the knowledge and the index;\n" +
      "of which index: heap after building minus heap after loading; index arrays: bytes of this engine's\n" +
      "typed arrays, where its index lives (off the V8 heap; the peers keep theirs on the heap);\n" +
      "peak RSS: process maximum (load, build, queries, and for `from cache` a live reload);\n" +
      "1 MB = 10^6 bytes; a run stopped by its budget has no peak RSS.",
  );

  console.log("\nThis engine: cold build per language, cache, live reload");
  const detailRows: string[][] = [
    [
      "corpus",
      "build en",
      "build ru",
      "build zh",
      "cache write",
      "start from cache",
      "reload",
      "longest stall",
      "of which reload",
      "answered meanwhile",
    ],
  ];
  for (const corpus of corpora) {
    const cold = results.get(`${corpus.plan.name}/this`)?.ready;
    const cachedOutcome = results.get(`${corpus.plan.name}/this-cached`);
    const cached = cachedOutcome?.ready;
    const reload = cachedOutcome?.reload;
    detailRows.push([
      corpus.plan.name,
      ...LANGUAGES.map((language) => formatMs(cold?.buildByLanguage?.[language])),
      formatMs(cold?.cacheWriteMs),
      cached
        ? `${formatMs(cached.loadMs + cached.buildMs)}${cached.source === "cache" ? "" : ` (${cached.source})`}`
        : "—",
      formatMs(reload?.reloadMs),
      reload ? formatMs(reload.longestStallMs) : "—",
      reload ? formatMs(reload.longestReloadStallMs) : "—",
      reload ? `${reload.answeredMeanwhile} (longest ${formatMs(reload.longestQuestionMs)})` : "—",
    ]);
  }
  console.log(table(detailRows, [1, 2, 3, 4, 5, 6, 7, 8]));
  console.log(
    "start from cache: loadKnowledge + reading the cache + opening the engine, as the bot starts;\n" +
      "reload: the folder loaded again and indexed cold on a worker thread while a question is asked every\n" +
      "25 ms; longest stall: the longest gap between 1 ms timer ticks meanwhile; of which reload: that gap\n" +
      "less the questions answered in it (what the reload itself held up: loading, handing over, swapping, GC).",
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
  const seedRun = results.get("seed/this-cached");
  const big = results.get("100k/this-cached");
  const bigCold = results.get("100k/this");
  const bigFlex = results.get("100k/flexsearch");
  const tenThousand = results.get("10k/this");
  const million = results.get("1M/this-cached");
  const millionCold = results.get("1M/this");
  const latencyP95 = (outcome: WorkerOutcome | undefined) =>
    outcome?.done && !outcome.done.outOfBudget && outcome.done.latencies.length
      ? percentile(outcome.done.latencies, 95)
      : undefined;
  const check = (
    name: string,
    value: number | undefined,
    limit: number | undefined,
    shown: (v: number | undefined) => string,
    skipped: string | false,
  ) => {
    if (skipped)
      targetRows.push([
        name,
        `not run (${skipped})`,
        limit === undefined ? "—" : `≤ ${shown(limit)}`,
        "SKIP",
      ]);
    else if (limit === undefined && name.startsWith("1M"))
      targetRows.push([name, shown(value), "— (no target)", "INFO"]);
    else
      targetRows.push([
        name,
        shown(value),
        `≤ ${shown(limit)}`,
        value !== undefined && limit !== undefined && value <= limit ? "PASS" : "FAIL",
      ]);
  };
  const slowestLanguage = (outcome: WorkerOutcome | undefined) => {
    const times = Object.values(outcome?.ready?.buildByLanguage ?? {});
    return times.length ? Math.max(...times) : undefined;
  };
  const cacheStart = (outcome: WorkerOutcome | undefined) =>
    outcome?.ready?.source === "cache" ? outcome.ready.loadMs + outcome.ready.buildMs : undefined;
  const quick = QUICK ? "--quick" : false;
  const noMillion = MILLION ? quick : "without --million";
  check("seed corpus: query p95", latencyP95(seedRun), 0.5, formatMs, false);
  check("100k: cold build, slowest language", slowestLanguage(bigCold), 8_000, formatMs, quick);
  check("100k: start-up from the cache", cacheStart(big), 3_000, formatMs, quick);
  check("100k: heap, three languages", big?.ready?.heapIndexed, 300e6, formatBytes, quick);
  check(
    "100k: query p95, at most FlexSearch's",
    latencyP95(big),
    latencyP95(bigFlex),
    formatMs,
    quick,
  );
  check(
    "100k: longest stall by a live reload",
    big?.reload?.longestReloadStallMs,
    50,
    formatMs,
    quick,
  );
  check(
    "1M: cold build, three languages",
    millionCold?.ready?.buildMs,
    undefined,
    formatMs,
    noMillion,
  );
  check("1M: start-up from the cache", cacheStart(million), undefined, formatMs, noMillion);
  check(
    "1M: heap",
    million?.ready?.heapIndexed ?? millionCold?.ready?.heapIndexed,
    3e9,
    formatBytes,
    noMillion,
  );
  check("1M: query p95", latencyP95(million), 50, formatMs, noMillion);
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
    formatBytes(ready?.indexArrayBytes),
    formatBytes(outcome.peakRss),
  ];
  if (outcome.failure) return [...base, "—", "—", "—", `worker failed (${outcome.failure})`];
  if (outcome.stopped === "setup") {
    return [
      ...base,
      "—",
      "—",
      "—",
      `stopped: no index after ${formatMs(setupLimit(outcome.task))}`,
    ];
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
