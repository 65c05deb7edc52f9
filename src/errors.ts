/**
 * A problem that stops a program before it does its work (bad configuration, invalid
 * knowledge, an unreadable store): one line for the operator and the exit code, never a stack
 * trace. Entry points run through {@link runEntryPoint} instead of each catching, prefixing
 * and exiting.
 */
export class StartupError extends Error {
  override readonly name: string = "StartupError";

  constructor(
    message: string,
    /** The process's exit code: 2 for a wrong invocation or configuration, 1 for the rest. */
    readonly exitCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The line printed when start-up stops: the message, with what was being done if it helps. */
  get report(): string {
    return this.message;
  }
}

/** Prints a {@link StartupError}'s report and exits with its code; rethrows anything else. */
export function exitOnStartupError(error: unknown): never {
  if (!(error instanceof StartupError)) throw error;
  process.stderr.write(`${error.report}\n`);
  process.exit(error.exitCode);
}

/**
 * Runs an entry point's work; a {@link StartupError} ends the process with its one line. With
 * `command`, any other failure ends it too, with one line `command: message` and exit code 1
 * (for tools whose failures are not bugs, such as a download that did not work); without it,
 * the failure propagates to the process's own handlers.
 */
export async function runEntryPoint(main: () => Promise<void>, command?: string): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (command !== undefined && !(error instanceof StartupError)) {
      const message = error instanceof Error ? error.message : String(error);
      exitOnStartupError(new StartupError(`${command}: ${message.split("\n")[0]}`, 1));
    }
    exitOnStartupError(error);
  }
}
