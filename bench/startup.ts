/**
 * Start-up to ready: loads the knowledge folder and builds the search index, as the bot does
 * before it can answer, then prints how long after process start that was. Run in a fresh
 * process by the benchmark: node --import tsx bench/startup.ts [knowledge-dir]
 */

import { commandLine } from "../src/cli/arguments.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { SearchEngine } from "../src/search/engine.js";
import { lexiconFor } from "../src/search/lexicon.js";

const importsDoneMs = performance.now();
const { positionals } = commandLine(
  "bench/startup",
  "usage: node --import tsx bench/startup.ts [knowledge-dir]",
  { options: {}, allowPositionals: true },
);
const knowledge = await loadKnowledge(positionals[0] ?? "knowledge");
const engine = new SearchEngine(knowledge, {}, { lexicon: await lexiconFor(knowledge) });
// performance.now() counts from the process's time origin, i.e. from process start.
const readyMs = performance.now();
console.log(
  JSON.stringify({
    importsDoneMs,
    readyMs,
    uptimeMs: process.uptime() * 1000,
    documents: knowledge.documents.length,
    ok: engine.options.limit > 0,
  }),
);
