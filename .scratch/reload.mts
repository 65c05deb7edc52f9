import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadKnowledge } from "/work/main/src/knowledge/load.js";
import { SearchEngine } from "/work/main/src/search/engine.js";
import { prepareIndexes } from "/work/main/src/search/index-thread.js";
const dir = process.argv[2]!;
const cache = "/work/.scratch-cache";
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
let maxGap = 0; let last = performance.now();
const timer = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last - 2); last = now; }, 2);
for (const round of [1, 2, 3, 4]) {
  maxGap = 0; h.reset(); last = performance.now();
  let t = performance.now();
  const k = await loadKnowledge(dir);
  const loadMs = performance.now() - t;
  const stallLoad = maxGap; maxGap = 0;
  t = performance.now();
  const p = await prepareIndexes(k, { cacheDirectory: cache });
  const prepMs = performance.now() - t;
  const stallPrep = maxGap; maxGap = 0;
  t = performance.now();
  const e = new SearchEngine(k, {}, { prebuilt: p.languages });
  const openMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, 50));
  console.log(round, p.source, p.cacheMiss ?? "", "load", loadMs.toFixed(0), "prepare", prepMs.toFixed(0), "open", openMs.toFixed(0), "stalls load/prep/open", stallLoad.toFixed(0), stallPrep.toFixed(0), maxGap.toFixed(0), "eld max", (h.max / 1e6).toFixed(1));
  console.log(e.findPassages("Who is Glaziev?").passages[0]?.document.id);
}
clearInterval(timer);
