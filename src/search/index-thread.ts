/**
 * Gets the indexes for knowledge without holding up the thread that answers questions: from the
 * disk cache when it has them, otherwise built on a worker thread (and cached). The paragraphs
 * go to the worker in small chunks and the typed arrays come back by transfer, so the main
 * thread never spends more than a few milliseconds at a time on it.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import {
  type AliasGroup,
  type KnowledgeBase,
  LANGUAGES,
  type Language,
} from "../knowledge/types.js";
import { buildIndexesOf, type PackedLanguage, paragraphsIn } from "./build.js";
import { cacheFile, cacheKey, readIndexCache, writeIndexCache } from "./index-cache.js";

/** A message to the worker. */
export type WorkerRequest =
  | { readonly kind: "read"; readonly file: string; readonly key: string }
  | { readonly kind: "aliases"; readonly aliases: readonly AliasGroup[] }
  | { readonly kind: "paragraphs"; readonly language: Language; readonly texts: readonly string[] }
  | { readonly kind: "build"; readonly cache?: { readonly file: string; readonly key: string } };

/** A message from the worker. */
export type WorkerReply =
  | {
      readonly kind: "packed";
      readonly languages: PackedLanguage[];
      readonly cacheProblem?: string;
    }
  | { readonly kind: "miss"; readonly reason: string }
  | { readonly kind: "failed"; readonly message: string };

/** Where the indexes came from, for the logs and the bench. */
export interface PreparedIndexes {
  readonly languages: PackedLanguage[];
  readonly source: "cache" | "built";
  /** Why the cache was not used, when it was not. */
  readonly cacheMiss?: string;
  /** Why the built indexes could not be cached, when they could not. */
  readonly cacheProblem?: string;
}

/** How {@link prepareIndexes} works. */
export interface PrepareOptions {
  /** Folder of the index cache; no caching without it. */
  readonly cacheDirectory?: string;
  /** Build on a worker thread (default); `false` builds on this thread. */
  readonly thread?: boolean;
}

/** Paragraphs per message to the worker: a few milliseconds of copying each. */
const CHUNK = 2_000;

/** The distinct buffers under the typed arrays of packed indexes, to transfer them. */
export function transferablesOf(languages: readonly PackedLanguage[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const walk = (node: unknown) => {
    if (ArrayBuffer.isView(node)) buffers.add(node.buffer as ArrayBuffer);
    else if (node && typeof node === "object") for (const child of Object.values(node)) walk(child);
  };
  walk(languages);
  return [...buffers];
}

/** The indexes of `knowledge`: read from the cache, or built (off this thread by default). */
export async function prepareIndexes(
  knowledge: KnowledgeBase,
  options: PrepareOptions = {},
): Promise<PreparedIndexes> {
  const key = cacheKey(knowledge.fingerprint);
  const file = options.cacheDirectory ? cacheFile(options.cacheDirectory, key) : undefined;
  if (options.thread === false) {
    const read = file ? await readIndexCache(file, key) : undefined;
    if (read?.hit) return { languages: read.languages, source: "cache" };
    const languages = buildIndexesOf(knowledge);
    let cacheProblem: string | undefined;
    if (file)
      await writeIndexCache(file, key, languages).catch((error: Error) => {
        cacheProblem = error.message;
      });
    return {
      languages,
      source: "built",
      ...(read && !read.hit ? { cacheMiss: read.reason } : {}),
      ...(cacheProblem ? { cacheProblem } : {}),
    };
  }
  const worker = new IndexWorker();
  try {
    let cacheMiss: string | undefined;
    if (file) {
      const read = await worker.ask({ kind: "read", file, key });
      if (read.kind === "packed") return { languages: read.languages, source: "cache" };
      if (read.kind === "miss") cacheMiss = read.reason;
    }
    worker.post({ kind: "aliases", aliases: knowledge.aliases });
    for (const language of LANGUAGES) {
      const texts = paragraphsIn(knowledge, language);
      for (let start = 0; start < texts.length; start += CHUNK) {
        worker.post({ kind: "paragraphs", language, texts: texts.slice(start, start + CHUNK) });
        await nextTurn();
      }
    }
    const built = await worker.ask({ kind: "build", ...(file ? { cache: { file, key } } : {}) });
    if (built.kind !== "packed")
      throw new Error(
        `the index build failed: ${built.kind === "failed" ? built.message : built.reason}`,
      );
    return {
      languages: built.languages,
      source: "built",
      ...(cacheMiss ? { cacheMiss } : {}),
      ...(built.cacheProblem ? { cacheProblem: built.cacheProblem } : {}),
    };
  } finally {
    await worker.stop();
  }
}

/** One worker thread, asked one thing at a time. */
class IndexWorker {
  private readonly worker: Worker;
  private pending:
    | { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }
    | undefined;
  private failure: Error | undefined;

  constructor() {
    const typescript = import.meta.url.endsWith(".ts");
    const url = new URL(`./index-worker.${typescript ? "ts" : "js"}`, import.meta.url);
    // Run from TypeScript sources (tsx, the test runner), the worker registers tsx's loader
    // before importing its module: Node 20 does not apply `--import` hooks to a worker's entry.
    this.worker = typescript
      ? new Worker(
          `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})` +
            `.then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
          { eval: true },
        )
      : new Worker(url);
    this.worker.on("message", (reply: WorkerReply) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failure = error;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the index worker exited (code ${code})`)));
  }

  post(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  ask(request: WorkerRequest): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}
