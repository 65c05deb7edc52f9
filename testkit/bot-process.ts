import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeArguments } from "./bot-build.js";

/** The real bot (`src/main.ts`) in a child process, with its output collected. */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves when a log line matching `pattern` has been printed. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or signal name) when the process ends by itself. */
  exited(): Promise<number | string | null>;
  /** Sends `signal` and resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/** Starts the bot with `env` (BOT_TOKEN, TELEGRAM_API_ROOT, …) and waits until it is ready. */
export async function startBotProcess(
  env: Record<string, string>,
  options: { dataDir?: string; readyLog?: RegExp } = {},
): Promise<BotProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "bot-data-"));
  const child = spawn("node", nodeArguments("src/main.ts"), {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "info", RATE_LIMIT: "1000/1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const waitForLog = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(output)) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `bot did not log ${pattern} within ${timeoutMs} ms; output:\n${output.slice(-3000)}`,
          ),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const exited = new Promise<number | string | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal)),
  );
  const bot: BotProcess = {
    child,
    dataDir,
    output: () => output,
    waitForLog,
    exited: () => exited,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  try {
    await waitForLog(options.readyLog ?? /"msg":"ready"/);
  } catch (error) {
    // Never leave a bot running that no test will stop.
    await bot.stop("SIGKILL");
    throw error;
  }
  return bot;
}
