import { loadKnowledge } from "/work/main/src/knowledge/load.js";
import { generateCorpus } from "/work/main/bench/synthetic.js";
const n = Number(process.argv[2]);
const seed = await loadKnowledge("/work/main/knowledge");
const c = generateCorpus(seed, "/work/main/knowledge", `/work/corpus${n}`, n, 20_240_601 + n);
console.log(JSON.stringify(c).slice(0, 400));
