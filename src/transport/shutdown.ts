import type { Logger } from "../logger.js";
import type { InFlight } from "./in-flight.js";

/** How a transport stops: first stop taking updates, then (after the drain) let go of the rest. */
export interface Stoppable {
  /** Stops taking new updates (stop polling, refuse new webhook requests). */
  stopIntake(): void | Promise<void>;
  /** After the drain: close what is left (connections, the preference store). */
  close(): Promise<void>;
}

/** Bounds the last clean-up (closing stores, confirming updates), which can hang on a dead peer. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Graceful shutdown: on SIGTERM or SIGINT, stop taking updates, wait for every update in flight
 * (including its retries) for at most `graceMs`, close, and exit. A second signal exits at once.
 * @returns a function that starts the same shutdown from code (e.g. a revoked token)
 */
export function handleShutdown(
  logger: Logger,
  graceMs: number,
  inFlight: InFlight,
  transport: Stoppable,
): (reason: string, exitCode?: number) => void {
  let stopping = false;
  const shutdown = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { reason, inFlight: inFlight.size, graceSeconds: graceMs / 1000 },
      "shutting down: finishing the updates in flight",
    );
    void (async () => {
      let code = exitCode;
      try {
        await transport.stopIntake();
        const unfinished = await inFlight.drain(graceMs);
        if (unfinished > 0) {
          logger.warn(
            { unfinished, graceSeconds: graceMs / 1000 },
            "grace period over: exiting with updates unfinished",
          );
          code = code || 1;
        }
        await withTimeout(transport.close(), CLOSE_TIMEOUT_MS);
      } catch (error) {
        logger.error({ err: error }, "shutdown failed");
        code = code || 1;
      }
      logger.info({ exitCode: code }, "stopped");
      process.exit(code);
    })();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (!stopping) return shutdown(signal);
      logger.warn({ signal, inFlight: inFlight.size }, "second signal: exiting now");
      process.exit(1);
    });
  }
  return shutdown;
}

async function withTimeout(task: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    task,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still closing after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
