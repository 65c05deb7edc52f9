import { loadKnowledge } from "/work/main/src/knowledge/load.js";
import { SearchEngine } from "/work/main/src/search/engine.js";
import { prepareIndexes } from "/work/main/src/search/index-thread.js";
import { openIndex } from "/work/main/src/search/inverted-index.js";
import { newScratch } from "/work/main/src/search/scoring.js";
const k = await loadKnowledge(process.argv[2]!);
const p = await prepareIndexes(k, { cacheDirectory: "/work/.scratch-cache" });
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  new SearchEngine(k, {}, { prebuilt: p.languages });
  const all = performance.now() - t;
  t = performance.now();
  for (const l of p.languages) openIndex(l.index);
  const open = performance.now() - t;
  t = performance.now();
  for (const l of p.languages) newScratch(l.index.size, k.documents.length);
  const scratch = performance.now() - t;
  console.log("engine", all.toFixed(1), "openIndex", open.toFixed(1), "scratch", scratch.toFixed(1));
}
