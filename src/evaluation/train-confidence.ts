/**
 * `npm run train-confidence -- [--set DIR]... [--same-language] [--out FILE]`: fits the confidence model (a
 * logistic regression over the engine's passage features) on labelled sets and writes its
 * weights. Train only on development sets: the figures that matter are on sets it never saw.
 */
import "../cli/preamble.js";
import { writeFile } from "node:fs/promises";
import { parseCommandLine } from "../cli/arguments.js";
import { runEntryPoint } from "../errors.js";
import { type ConfidenceModel, MODEL_FILE } from "../search/confidence.js";
import { SearchEngine } from "../search/engine.js";
import { FEATURE_NAMES, type Features } from "../search/features.js";
import { loadLexicon } from "../search/lexicon.js";
import { paragraphKey } from "./metrics.js";
import { loadSet } from "./sets.js";

/** The sets the shipped model is trained on: development sets only. */
export const TRAINING_SETS = ["test/eval/dev", "test/eval/xquad"];

interface Sample {
  readonly crossed: boolean;
  readonly x: readonly number[];
  readonly y: 0 | 1;
  /** Each knowledge base counts the same, whatever its number of questions. */
  readonly weight: number;
}

/** Fits weights by Newton's method (IRLS) with a small L2 penalty; deterministic. */
export function fitLogistic(samples: readonly Sample[], l2 = 1e-3, iterations = 50) {
  const d = (samples[0]?.x.length ?? 0) + 1;
  const w = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    let total = 0;
    for (const sample of samples) total += sample.weight;
    for (const { x, y, weight } of samples) {
      const row = [1, ...x];
      const z = row.reduce((sum, v, i) => sum + v * (w[i] as number), 0);
      const p = 1 / (1 + Math.exp(-z));
      const s = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < d; i++) {
        gradient[i] = (gradient[i] as number) + (weight * (p - y) * (row[i] as number)) / total;
        for (let j = 0; j < d; j++)
          (hessian[i] as number[])[j] =
            ((hessian[i] as number[])[j] as number) +
            (weight * s * (row[i] as number) * (row[j] as number)) / total;
      }
    }
    for (let i = 1; i < d; i++) {
      gradient[i] = (gradient[i] as number) + l2 * (w[i] as number);
      (hessian[i] as number[])[i] = ((hessian[i] as number[])[i] as number) + l2;
    }
    const step = solve(hessian, gradient);
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i] = (w[i] as number) - (step[i] as number);
      change = Math.max(change, Math.abs(step[i] as number));
    }
    if (change < 1e-8) break;
  }
  return { bias: w[0] as number, weights: w.slice(1) };
}

/** Solves `a x = b` by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (
        Math.abs((m[r] as number[])[col] as number) >
        Math.abs((m[pivot] as number[])[col] as number)
      )
        pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = (m[col] as number[])[col] as number;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = ((m[r] as number[])[col] as number) / p;
      for (let c = col; c <= n; c++)
        (m[r] as number[])[c] =
          ((m[r] as number[])[c] as number) - f * ((m[col] as number[])[c] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / ((row[i] as number) || 1));
}

const USAGE = "usage: npm run train-confidence -- [--set DIR]... [--same-language] [--out FILE]";

async function main(): Promise<void> {
  const { values } = parseCommandLine("train-confidence", USAGE, {
    options: {
      set: { type: "string", multiple: true },
      out: { type: "string" },
      "same-language": { type: "boolean", default: false },
    },
  });
  const sets = values.set?.length ? values.set : TRAINING_SETS;
  const lexicon = await loadLexicon();
  // Features do not depend on the model; a neutral one ranks by BM25 alone.
  const neutral: ConfidenceModel = {
    features: [...FEATURE_NAMES],
    weights: FEATURE_NAMES.map(() => 0),
    bias: 0,
  };
  const samples: Sample[] = [];
  const sizes: string[] = [];
  for (const directory of sets) {
    for (const run of await loadSet(directory, process.env.KNOWLEDGE_DIR ?? "knowledge")) {
      // Cross-language runs (knowledge-xx copies) only once a lexicon can carry questions over.
      if (values["same-language"] && run.name.includes("/")) continue;
      const engine = new SearchEngine(run.knowledge, {}, { lexicon, model: neutral });
      for (const question of run.questions) {
        const gold = new Set(question.gold.map((g) => paragraphKey(g.doc, g.para)));
        const result = engine.findPassages(question.q, {
          limit: 5,
          all: true,
          language: question.lang,
        });
        for (const passage of result.passages) {
          const features: Features = passage.features;
          samples.push({
            crossed: passage.crossed,
            x: FEATURE_NAMES.map((name) => features[name]),
            y: gold.has(paragraphKey(passage.document.id, passage.paragraph)) ? 1 : 0,
            weight: 1,
          });
        }
      }
      sizes.push(`${run.name} (${run.questions.length})`);
    }
  }
  const round = (fit: { bias: number; weights: number[] }) => ({
    weights: fit.weights.map((w) => Math.round(w * 1e4) / 1e4),
    bias: Math.round(fit.bias * 1e4) / 1e4,
  });
  const same = samples.filter((s) => !s.crossed);
  const crossed = samples.filter((s) => s.crossed);
  const model: ConfidenceModel = {
    features: [...FEATURE_NAMES],
    ...round(fitLogistic(same)),
    ...(crossed.length ? { crossed: round(fitLogistic(crossed)) } : {}),
    trainedOn: `${same.length} same-language and ${crossed.length} cross-language passages of ${sizes.join(", ")}`,
  };
  const out = values.out ?? MODEL_FILE.pathname;
  await writeFile(out, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`trained on ${model.trainedOn}`);
  for (const [i, name] of FEATURE_NAMES.entries())
    console.log(`  ${name.padEnd(16)} ${model.weights[i]} ${model.crossed?.weights[i] ?? ""}`);
  console.log(`  ${"bias".padEnd(14)} ${model.bias}\nwritten to ${out}`);
}

await runEntryPoint(main);
