/**
 * `npm run eval -- [--set DIR]... [--only this] [--verbose]`: search quality per language on
 * labelled sets, this engine side by side with plain Fuse.js, MiniSearch and a plain BM25 over
 * the same paragraphs. Without `--set`, the project's own sets (test/eval/*).
 */
import "./preamble.js";
import { runEntryPoint } from "../errors.js";
import {
  flexSearchRanker,
  fuseRanker,
  miniSearchRanker,
  plainBm25Ranker,
  type Ranker,
} from "../evaluation/baselines.js";
import { engineAnswer } from "../evaluation/engine-answer.js";
import {
  type Answer,
  byLanguage,
  measure,
  paragraphKey,
  type Quality,
} from "../evaluation/metrics.js";
import { type EvaluationRun, loadSet, PROJECT_SETS } from "../evaluation/sets.js";
import { LANGUAGES } from "../knowledge/types.js";
import { SearchEngine } from "../search/engine.js";
import { loadLexicon } from "../search/lexicon.js";
import { parseCommandLine, UsageError } from "./arguments.js";

const USAGE = "usage: npm run eval -- [--set DIR]... [--only this] [--verbose]";

function parse() {
  const { values } = parseCommandLine("eval", USAGE, {
    options: {
      set: { type: "string", multiple: true },
      only: { type: "string" },
      verbose: { type: "boolean", default: false },
    },
  });
  if (values.only !== undefined && values.only !== "this")
    throw new UsageError(
      "eval",
      `--only takes 'this' (this engine alone), not '${values.only}'`,
      USAGE,
    );
  return values;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(6);
const HEADER = `${"".padEnd(4)}${"engine".padEnd(12)} hit@1  hit@3    MRR answered conf&right | out of domain: no conf. no passage`;

function row(name: string, q: Quality, confidence: boolean): string {
  const confident = confidence
    ? `${pct(q.answered)}   ${pct(q.confidentRight)}`
    : `${pct(q.answered)}         `;
  const ood = q.outOfDomain
    ? `${confidence ? pct(q.noConfident) : "      "}     ${pct(q.rejected)}`
    : "";
  return `${name.padEnd(12)}${pct(q.hitAt1)} ${pct(q.hitAt3)} ${q.mrr.toFixed(3).padStart(6)}   ${confident}  |        ${ood}`;
}

function evaluate(run: EvaluationRun, engine: SearchEngine, peers: Ranker[], verbose: boolean) {
  console.log(
    `\n${run.name}: ${run.knowledge.documents.length} documents, ${run.questions.length} questions`,
  );
  console.log(HEADER);
  const groups = byLanguage(run.questions);
  for (const language of LANGUAGES) {
    const list = groups.get(language) ?? [];
    if (!list.length) continue;
    const ours = list.map((q) => engineAnswer(engine, q));
    console.log(
      `${language.padEnd(4)}${row("this", measure(list, ours), true)}   (${list.length})`,
    );
    for (const peer of peers) {
      const theirs = list.map((q) => peer.rank(q.q, q.lang, 5));
      console.log(`${"".padEnd(4)}${row(peer.name, measure(list, theirs), false)}`);
    }
    if (!verbose) continue;
    list.forEach((q, i) => {
      const gold = q.gold.map((g) => paragraphKey(g.doc, g.para));
      const answer = ours[i] as Answer;
      const first = answer.keys[0] ?? "";
      const ok = gold.length === 0 ? !answer.confident : gold.includes(first) && answer.confident;
      if (!ok)
        console.log(
          `     MISS ${q.q} | gold ${gold.join(",") || "none"} | got ${answer.keys.slice(0, 3).join(",") || "none"} ${answer.confident ? "confident" : answer.shown ? "closest" : "nothing"}`,
        );
    });
  }
}

async function main(): Promise<void> {
  const options = parse();
  const lexicon = await loadLexicon();
  const directories = options.set?.length ? options.set : [...PROJECT_SETS];
  for (const directory of directories) {
    for (const run of await loadSet(directory, process.env.KNOWLEDGE_DIR ?? "knowledge")) {
      const engine = new SearchEngine(run.knowledge, {}, { lexicon });
      const peers =
        options.only === "this"
          ? []
          : [
              fuseRanker(run.knowledge),
              miniSearchRanker(run.knowledge),
              flexSearchRanker(run.knowledge),
              plainBm25Ranker(run.knowledge),
            ];
      evaluate(run, engine, peers, options.verbose);
    }
  }
}

await runEntryPoint(main);
