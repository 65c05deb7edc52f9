/**
 * How every command-line entry point reads its arguments: `util.parseArgs` in strict mode, with
 * `--help` printing the usage, and a wrong invocation ending in one line plus the usage (exit 2).
 */
import { existsSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { exitOnStartupError, StartupError } from "../errors.js";

/** A wrong invocation: what is wrong in one line, then how to call the command; exit code 2. */
export class UsageError extends StartupError {
  override readonly name = "UsageError";

  constructor(
    /** The command as its messages name it, e.g. `ask`. */
    readonly command: string,
    problem: string,
    readonly usage: string,
  ) {
    super(`${command}: ${problem}`, 2);
  }

  override get report(): string {
    return `${this.message}\n${this.usage}`;
  }
}

/** What a command accepts: its options (`--help`/`-h` is added) and whether it takes operands. */
export type CommandLineSpec = Pick<ParseArgsConfig, "options" | "allowPositionals">;

type Parsed<Spec extends CommandLineSpec> = ReturnType<
  typeof parseArgs<Spec & { strict: true; args: string[] }>
>;

/**
 * Parses `args` (default: the process's) strictly. `--help` prints the usage and exits 0.
 * @throws {UsageError} on an unknown option, a missing option value or an unexpected operand
 */
export function parseCommandLine<const Spec extends CommandLineSpec>(
  command: string,
  usage: string,
  spec: Spec,
  args: string[] = process.argv.slice(2),
): Parsed<Spec> {
  let parsed: Parsed<Spec>;
  try {
    parsed = parseArgs({
      ...spec,
      options: { ...spec.options, help: { type: "boolean", short: "h" } },
      args,
      strict: true,
    }) as Parsed<Spec>;
  } catch (error) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for the caller's mistakes.
    if (String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS_"))
      throw new UsageError(command, (error as Error).message, usage);
    throw error;
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

/**
 * {@link parseCommandLine} for code at a script's top level, outside `runEntryPoint`: a wrong
 * invocation ends the process there, with its one line, the usage and exit code 2. `read`
 * turns the parsed arguments into the script's options and may throw {@link UsageError} too.
 */
export function commandLine<const Spec extends CommandLineSpec, Options = Parsed<Spec>>(
  command: string,
  usage: string,
  spec: Spec,
  read: (parsed: Parsed<Spec>) => Options = (parsed) => parsed as Options,
): Options {
  try {
    return read(parseCommandLine(command, usage, spec));
  } catch (error) {
    exitOnStartupError(error);
  }
}

/** A whole number option from `min` to `max`, or `fallback` when the option is absent. */
export function wholeNumberOption(
  command: string,
  usage: string,
  name: string,
  value: string | undefined,
  bounds: { readonly min: number; readonly max: number; readonly fallback: number },
): number {
  if (value === undefined) return bounds.fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < bounds.min || number > bounds.max)
    throw new UsageError(
      command,
      `--${name} must be a whole number from ${bounds.min} to ${bounds.max}, not '${value}'`,
      usage,
    );
  return number;
}

/** A file named by an option, checked to exist before any work starts; absent stays absent. */
export function fileOption(
  command: string,
  usage: string,
  name: string,
  value: string | undefined,
): string | undefined {
  if (value !== undefined && !existsSync(value))
    throw new UsageError(command, `--${name} ${value}: no such file`, usage);
  return value;
}
