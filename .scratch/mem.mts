import { loadKnowledge } from "/work/main/src/knowledge/load.js";
import { SearchEngine } from "/work/main/src/search/engine.js";
import { lexiconFor } from "/work/main/src/search/lexicon.js";
const gc = (globalThis as any).gc as () => void;
const mem = (label: string) => { gc(); gc(); const m = process.memoryUsage(); console.log(label, "heap", (m.heapUsed/1e6).toFixed(0), "ab", (m.arrayBuffers/1e6).toFixed(0), "rss", (m.rss/1e6).toFixed(0)); };
mem("start");
let t = performance.now();
const k = await loadKnowledge(process.argv[2]!);
console.log("load ms", (performance.now()-t).toFixed(0));
mem("loaded");
t = performance.now();
const lex = await lexiconFor(k);
const e = new SearchEngine(k, {}, lex ? { lexicon: lex } : {});
console.log("build ms", (performance.now()-t).toFixed(0));
mem("indexed");
(globalThis as any).keep = e;
for (const ix of (e as any).indexes) {
  console.log(ix.language, "terms", ix.index.postings.size, "words", ix.index.words.size);
}
