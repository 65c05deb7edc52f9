/**
 * The bot's sources compiled once to JavaScript, for the many bot and command-line processes the
 * end-to-end specs start: a process started from the build skips tsx's loader (a fifth of its
 * start-up) and behaves the same, as tsx runs the same esbuild transform on each start.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/** Set by the test run's global setup to the folder holding the build. */
export const BOT_BUILD_ENV = "TESTKIT_BOT_BUILD";

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Compiles `src/` into a new temporary folder laid out like the repository (so that paths the
 * code resolves from its own location still work) and returns that folder.
 */
export async function buildBot(root = process.cwd()): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "bot-build-"));
  await build({
    entryPoints: sources(join(root, "src")),
    outdir: join(out, "src"),
    outbase: join(root, "src"),
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  cpSync(
    join(root, "src/search/confidence-model.json"),
    join(out, "src/search/confidence-model.json"),
  );
  for (const shared of ["node_modules", "data-lexicon"])
    symlinkSync(resolve(root, shared), join(out, shared));
  return out;
}

/** Removes a build made by {@link buildBot}. */
export function removeBuild(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/**
 * How to start the entry point `script` (e.g. "src/main.ts", relative to the repository) with
 * node, from any working folder: from the build when the test run made one, with tsx otherwise
 * (as `npm start` does).
 */
export function nodeArguments(script: string): string[] {
  const folder = process.env[BOT_BUILD_ENV];
  if (folder) return [join(folder, script.replace(/\.ts$/, ".js"))];
  return [
    "--import",
    pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href,
    resolve(script),
  ];
}
