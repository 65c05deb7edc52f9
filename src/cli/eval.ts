/**
 * `npm run eval [-- --calibrate]`: quality of the search engine against plain Fuse.js on the
 * labelled questions in test/eval/, per language. `--calibrate` sweeps the coverage cut-off on
 * the development set and prints the best value per language.
 */

import { FuseBaseline } from "../evaluation/fuse-baseline.js";
import { type LabelledQuestion, readLabelled } from "../evaluation/labelled.js";
import {
  byLanguage,
  measure,
  paragraphKey,
  type Quality,
  type Ranking,
} from "../evaluation/metrics.js";
import { loadKnowledge } from "../knowledge/load.js";
import { LANGUAGES, type Language } from "../knowledge/types.js";
import { SearchEngine } from "../search/engine.js";
import { DEFAULT_SEARCH_OPTIONS } from "../search/options.js";

const knowledge = await loadKnowledge(process.env.KNOWLEDGE_DIR ?? "knowledge");
const sets = {
  dev: await readLabelled("test/eval/questions.jsonl"),
  holdout: await readLabelled("test/eval/holdout.jsonl"),
};

function engineRankings(engine: SearchEngine, questions: readonly LabelledQuestion[]): Ranking[] {
  return questions.map((q) =>
    engine
      .findPassages(q.q, { limit: 5 })
      .passages.map((p) => paragraphKey(p.document.id, p.paragraph)),
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const row = (name: string, q: Quality) =>
  `${name.padEnd(10)} ${pct(q.hitAt1)} ${pct(q.hitAt3)} ${q.mrr.toFixed(3).padStart(6)} ${pct(q.rejected)}`;

if (process.argv.includes("--calibrate")) {
  for (const language of LANGUAGES) {
    const questions = sets.dev.filter((q) => q.lang === language);
    const results: string[] = [];
    for (const minScore of [2, 2.5, 3, 3.5, 4, 5, Number.POSITIVE_INFINITY]) {
      for (let cut = 0.3; cut <= 0.8001; cut += 0.1) {
        const engine = new SearchEngine(knowledge, {
          minCoverage: { ...DEFAULT_SEARCH_OPTIONS.minCoverage, [language]: cut },
          minScore: { ...DEFAULT_SEARCH_OPTIONS.minScore, [language]: minScore },
        });
        const q = measure(questions, engineRankings(engine, questions));
        results.push(
          `  coverage ${cut.toFixed(1)} score ${String(minScore).padEnd(8)} hit@1 ${pct(q.hitAt1)} hit@3 ${pct(q.hitAt3)} rejected ${pct(q.rejected)}`,
        );
      }
    }
    const current = `coverage ${DEFAULT_SEARCH_OPTIONS.minCoverage[language]}, score ${DEFAULT_SEARCH_OPTIONS.minScore[language]}`;
    console.log(`${language} (current: ${current}):\n${results.join("\n")}`);
  }
  process.exit(0);
}

const engine = new SearchEngine(knowledge);
const fuse = new FuseBaseline(knowledge);
const verbose = process.argv.includes("--verbose");
for (const [name, questions] of Object.entries(sets)) {
  console.log(`\n${name} set (${questions.length} questions)`);
  console.log(`${"".padEnd(4)} ${"engine".padEnd(10)}  hit@1  hit@3    MRR reject`);
  const groups = byLanguage(questions);
  for (const language of LANGUAGES) {
    const list = groups.get(language as Language) ?? [];
    const ours = engineRankings(engine, list);
    const theirs = list.map((q) => fuse.rank(q.q));
    console.log(
      `${language.padEnd(4)} ${row("this", measure(list, ours))}   (${list.length} questions)`,
    );
    console.log(`${"".padEnd(4)} ${row("fuse.js", measure(list, theirs))}`);
    if (verbose) {
      list.forEach((q, i) => {
        const gold = q.gold.map((g) => paragraphKey(g.doc, g.para));
        const got = ours[i] ?? [];
        const ok = gold.length === 0 ? got.length === 0 : gold.includes(got[0] ?? "");
        if (!ok)
          console.log(
            `     MISS ${q.q} | gold ${gold.join(",") || "none"} | got ${got.slice(0, 3).join(",") || "none"}`,
          );
      });
    }
  }
}
