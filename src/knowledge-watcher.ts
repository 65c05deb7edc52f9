import { type FSWatcher, watch } from "node:fs";
import { KnowledgeError } from "./knowledge/errors.js";
import type { LiveKnowledge } from "./live-knowledge.js";
import type { Logger } from "./logger.js";

/** How long the folder must be quiet before it is loaded again (an editor saves in bursts). */
export const RELOAD_DEBOUNCE_MS = 500;

/** Stops watching. */
export type StopWatching = () => void;

/** Told about each reload's outcome besides the log (the admins hear of refusals). */
export interface ReloadListener {
  reloaded(): void;
  /** The change did not validate (`problem`, one line); the previous knowledge keeps serving. */
  refused(problem: string, reason: string): void;
}

/** How the folder is watched. */
export interface WatchOptions {
  /** False where change notifications do not work (NFS): SIGHUP and /reload still reload. */
  readonly watchFolder?: boolean;
  readonly debounceMs?: number;
  readonly listener?: ReloadListener;
}

/**
 * Serves changes to the knowledge folder without a restart: a change to any file in it (after
 * half a second of quiet) or SIGHUP loads the folder again and swaps the new knowledge in. A
 * folder that does not validate keeps the old knowledge serving, with one log line saying why.
 */
export function watchKnowledge(
  live: LiveKnowledge,
  logger: Logger,
  { watchFolder = true, debounceMs = RELOAD_DEBOUNCE_MS, listener }: WatchOptions = {},
): StopWatching {
  let timer: NodeJS.Timeout | undefined;
  const reload = (reason: string) => {
    live.reload().then(
      (knowledge) => {
        logger.info({ reason, documents: knowledge.documents.length }, "knowledge reloaded");
        listener?.reloaded();
      },
      (error: unknown) => {
        if (error instanceof KnowledgeError) {
          logger.warn(
            { reason, problem: error.message },
            "knowledge change refused; the previous knowledge keeps serving",
          );
          listener?.refused(error.message, reason);
        } else logger.error({ reason, err: error }, "knowledge reload failed");
      },
    );
  };
  const schedule = (file: string | null) => {
    // The importer stages files under hidden names; they are not knowledge yet.
    if (file && /(^|[/\\])\./.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => reload("file change"), debounceMs);
  };
  let watcher: FSWatcher | undefined;
  if (watchFolder)
    try {
      watcher = watch(live.knowledge.directory, { recursive: true }, (_event, file) =>
        schedule(file === null ? null : String(file)),
      );
      watcher.on("error", (error) => logger.warn({ err: error }, "knowledge folder not watched"));
    } catch (error) {
      logger.warn({ err: error }, "knowledge folder not watched; reload with SIGHUP");
    }
  const onHangup = () => reload("SIGHUP");
  process.on("SIGHUP", onHangup);
  return () => {
    clearTimeout(timer);
    watcher?.close();
    process.off("SIGHUP", onHangup);
  };
}
