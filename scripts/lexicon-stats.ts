/**
 * Prints what loading the lexicon costs (wall time, heap added) and its sizes.
 * Run with `npm run lexicon-stats` (node --expose-gc, so the heap figures are after collection).
 */
import { parseCommandLine } from "../src/cli/arguments.js";
import { runEntryPoint } from "../src/errors.js";
import { Lexicon } from "../src/lexicon/index.js";

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const USAGE = "usage: npm run lexicon-stats";

async function main(): Promise<void> {
  parseCommandLine("lexicon-stats", USAGE, { options: {} });
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const lexicon = new Lexicon();
  const loadMs = performance.now() - started;
  collect();
  const heapAfter = process.memoryUsage().heapUsed;

  const lookups = [
    ["валюта", "ru", "en"],
    ["currency", "en", "zh"],
    ["货币", "zh", "ru"],
  ] as const;
  const lookupStarted = performance.now();
  const rounds = 1000;
  for (let round = 0; round < rounds; round += 1) {
    for (const [word, from, to] of lookups) lexicon.translate(word, from, to);
  }
  const lookupUs = ((performance.now() - lookupStarted) * 1000) / (rounds * lookups.length);

  console.log(`headwords: ${JSON.stringify(lexicon.sizes)}`);
  console.log(`load: ${loadMs.toFixed(0)} ms`);
  console.log(
    `heap added: ${megabytes(heapAfter - heapBefore)}${"gc" in globalThis ? "" : " (no --expose-gc: uncollected)"}`,
  );
  console.log(
    `translate: ${lookupUs.toFixed(1)} µs per lookup (mean of ${rounds * lookups.length})`,
  );
}

await runEntryPoint(main);
