/** What the benchmark asks a worker process to measure, and what the worker reports back. */

/**
 * `this`: this engine, indexes built cold on the measuring thread (then written to the cache);
 * `this-cached`: this engine started the way the bot starts, indexes read from that cache;
 * the rest: plain peers over the same paragraphs.
 */
export type EngineName = "this" | "this-cached" | "minisearch" | "flexsearch" | "bm25" | "fuse";

export interface WorkerTask {
  readonly engine: EngineName;
  /** Knowledge folder to load. */
  readonly directory: string;
  /** JSON Lines file of labelled questions. */
  readonly questions: string;
  /** Passes over the questions that are run but not recorded (JIT warm-up). */
  readonly warmupPasses: number;
  /** Passes over the questions that are recorded. */
  readonly passes: number;
  /** Time allowed for all the queries; the worker stops (or is stopped) when it runs out. */
  readonly budgetMs: number;
  /** Index cache folder (`this` writes it, `this-cached` reads it). */
  readonly cacheDirectory?: string;
  /** After the queries, reload the folder live and measure the event loop meanwhile. */
  readonly reload?: boolean;
}

/** Sent once the index is built, before the first query. Heap figures are after a full GC. */
export interface ReadyMessage {
  readonly type: "ready";
  readonly loadMs: number;
  readonly buildMs: number;
  readonly heapStart: number;
  readonly heapLoaded: number;
  readonly heapIndexed: number;
  /**
   * This engine: bytes of its index's typed arrays (off the V8 heap). Counted from the arrays,
   * since buffers handed over by a worker thread are missing from `memoryUsage().arrayBuffers`.
   */
  readonly indexArrayBytes?: number;
  /** Whether heap figures were taken after `global.gc()`. */
  readonly gc: boolean;
  /** This engine: milliseconds per language's index (cold build). */
  readonly buildByLanguage?: Readonly<Record<string, number>>;
  /** This engine: writing the index cache, after the build. */
  readonly cacheWriteMs?: number;
  /** `this-cached`: where the indexes came from ("cache", or "built" with the reason). */
  readonly source?: string;
}

/** A live reload measured while questions keep coming (`reload` tasks). */
export interface ReloadMessage {
  readonly type: "reload";
  /** From the start of the reload to the new engine answering. */
  readonly reloadMs: number;
  /** Longest gap between 1 ms timer ticks during the reload, minus the 1 ms. */
  readonly longestStallMs: number;
  /** The same, less the time spent answering questions within the gap: the reload's own. */
  readonly longestReloadStallMs: number;
  /** `perf_hooks.monitorEventLoopDelay` maximum over the reload. */
  readonly maxDelayMs: number;
  /** Questions answered from the old index while the new one was built (one every 25 ms). */
  readonly answeredMeanwhile: number;
  /** Longest of those questions, which the stall figure includes. */
  readonly longestQuestionMs: number;
}

/** Sent now and then while queries run, so the parent knows how far a stopped run got. */
export interface ProgressMessage {
  readonly type: "progress";
  /** Queries run, warm-up included. */
  readonly done: number;
  readonly total: number;
  /** Queries recorded. */
  readonly measured: number;
}

export interface DoneMessage {
  readonly type: "done";
  /** Milliseconds per recorded query. */
  readonly latencies: readonly number[];
  readonly done: number;
  readonly total: number;
  readonly queryMs: number;
  readonly outOfBudget: boolean;
  /** Peak resident set size of the worker process, in bytes. */
  readonly peakRss: number;
}

export type WorkerMessage = ReadyMessage | ProgressMessage | DoneMessage | ReloadMessage;
