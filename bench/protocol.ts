/** What the benchmark asks a worker process to measure, and what the worker reports back. */

export type EngineName = "this" | "fuse";

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
}

/** Sent once the index is built, before the first query. Heap figures are after a full GC. */
export interface ReadyMessage {
  readonly type: "ready";
  readonly loadMs: number;
  readonly buildMs: number;
  readonly heapStart: number;
  readonly heapLoaded: number;
  readonly heapIndexed: number;
  /** Whether heap figures were taken after `global.gc()`. */
  readonly gc: boolean;
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

export type WorkerMessage = ReadyMessage | ProgressMessage | DoneMessage;
