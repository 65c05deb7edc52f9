/**
 * The thread that builds indexes (or reads them from the cache) while the main thread keeps
 * answering. It receives the paragraphs in chunks, builds, writes the cache, and hands the
 * typed arrays back by transfer: nothing is copied and nothing is rebuilt on the main thread.
 * Protocol: {@link ./index-thread.ts}.
 */
import { parentPort } from "node:worker_threads";
import type { AliasGroup, Language } from "../knowledge/types.js";
import { buildIndexes, type PackedLanguage } from "./build.js";
import { readIndexCache, writeIndexCache } from "./index-cache.js";
import { transferablesOf, type WorkerReply, type WorkerRequest } from "./index-thread.js";

const port = parentPort;
if (!port) throw new Error("index-worker.ts runs as a worker thread (see index-thread.ts)");

const paragraphs: Partial<Record<Language, string[]>> = {};
let aliases: readonly AliasGroup[] = [];

function reply(message: WorkerReply, languages: readonly PackedLanguage[] = []): void {
  port?.postMessage(message, transferablesOf(languages));
}

port.on("message", async (request: WorkerRequest) => {
  try {
    if (request.kind === "read") {
      const read = await readIndexCache(request.file, request.key);
      if (read.hit) reply({ kind: "packed", languages: read.languages }, read.languages);
      else reply({ kind: "miss", reason: read.reason });
    } else if (request.kind === "paragraphs") {
      const list = paragraphs[request.language] ?? [];
      for (const text of request.texts) list.push(text);
      paragraphs[request.language] = list;
    } else if (request.kind === "aliases") {
      aliases = request.aliases;
    } else {
      const languages = buildIndexes(paragraphs, aliases);
      let cacheProblem: string | undefined;
      if (request.cache) {
        try {
          await writeIndexCache(request.cache.file, request.cache.key, languages);
        } catch (error) {
          cacheProblem = (error as Error).message;
        }
      }
      reply({ kind: "packed", languages, ...(cacheProblem ? { cacheProblem } : {}) }, languages);
    }
  } catch (error) {
    reply({ kind: "failed", message: (error as Error).message });
  }
});
