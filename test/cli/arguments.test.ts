import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseCommandLine, UsageError, wholeNumberOption } from "../../src/cli/arguments.js";
import { StartupError } from "../../src/errors.js";

const run = promisify(execFile);
const USAGE = "usage: demo [--count N] [--loud] [FILE]";

/** The UsageError `work` throws. */
function usageErrorOf(work: () => unknown): UsageError {
  try {
    work();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("no UsageError thrown");
}

describe("parsing a command line", () => {
  const spec = {
    options: { count: { type: "string" }, loud: { type: "boolean", default: false } },
    allowPositionals: true,
  } as const;

  it("reads options, defaults and operands", () => {
    const { values, positionals } = parseCommandLine("demo", USAGE, spec, ["--count", "3", "a"]);
    expect(values).toMatchObject({ count: "3", loud: false });
    expect(positionals).toEqual(["a"]);
  });

  it("refuses an unknown option in one line naming the command, then the usage (exit 2)", () => {
    const error = usageErrorOf(() => parseCommandLine("demo", USAGE, spec, ["--bogus"]));
    expect(error).toBeInstanceOf(StartupError);
    expect(error.exitCode).toBe(2);
    const [problem, usage, ...rest] = error.report.split("\n");
    expect(problem).toMatch(/^demo: Unknown option '--bogus'/);
    expect(usage).toBe(USAGE);
    expect(rest).toEqual([]);
  });

  it("refuses an option without its value", () => {
    const error = usageErrorOf(() => parseCommandLine("demo", USAGE, spec, ["--count"]));
    expect(error.message).toMatch(/^demo: Option '--count <value>' argument missing/);
  });

  it("refuses operands a command does not take", () => {
    const error = usageErrorOf(() => parseCommandLine("demo", USAGE, { options: {} }, ["x"]));
    expect(error.message).toMatch(/^demo: Unexpected argument 'x'/);
  });

  it("reads a whole number within bounds, or the fallback when absent", () => {
    const bounds = { min: 1, max: 100, fallback: 5 };
    expect(wholeNumberOption("demo", USAGE, "count", undefined, bounds)).toBe(5);
    expect(wholeNumberOption("demo", USAGE, "count", "100", bounds)).toBe(100);
    for (const value of ["0", "101", "2.5", "ten", ""])
      expect(
        usageErrorOf(() => wholeNumberOption("demo", USAGE, "count", value, bounds)).message,
      ).toBe(`demo: --count must be a whole number from 1 to 100, not '${value}'`);
  });
});

/** Each family of entry points, given an option it does not know. */
const ENTRY_POINTS = [
  ["start", "src/main.ts"],
  ["eval", "src/cli/eval.ts"],
  ["train-confidence", "src/evaluation/train-confidence.ts"],
  ["lexicon-stats", "scripts/lexicon-stats.ts"],
  ["bench", "bench/bench.ts"],
  ["load", "load/load.ts"],
] as const;

describe("every entry point refuses an unknown option before doing any work", () => {
  it.concurrent.each(ENTRY_POINTS)("%s exits 2 with one line and its usage", async (name, file) => {
    const outcome = await run("node", ["--import", "tsx", file, "--bogus"], {
      encoding: "utf8",
    }).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(outcome.code).toBe(2);
    const [problem, usage] = outcome.stderr.split("\n");
    expect(problem).toMatch(new RegExp(`^${name}: Unknown option '--bogus'`));
    expect(usage).toMatch(/^usage: /);
    expect(outcome.stdout).toBe("");
  });
});
