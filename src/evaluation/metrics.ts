import type { Language } from "../knowledge/types.js";
import type { LabelledQuestion } from "./labelled.js";

/** A ranked answer to score: paragraph keys `doc#para`, best first (empty: "not in the documents"). */
export type Ranking = readonly string[];

/** Quality figures for one language. */
export interface Quality {
  readonly inDomain: number;
  readonly outOfDomain: number;
  readonly hitAt1: number;
  readonly hitAt3: number;
  readonly mrr: number;
  /** Share of out-of-domain questions that got no passage. */
  readonly rejected: number;
}

export const paragraphKey = (doc: string, para: number): string => `${doc}#${para}`;

/** hit@1, hit@3, MRR (over in-domain questions) and out-of-domain rejection. */
export function measure(
  questions: readonly LabelledQuestion[],
  rankings: readonly Ranking[],
): Quality {
  let inDomain = 0;
  let outOfDomain = 0;
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let rejected = 0;
  questions.forEach((question, i) => {
    const ranking = rankings[i] ?? [];
    if (question.gold.length === 0) {
      outOfDomain++;
      if (ranking.length === 0) rejected++;
      return;
    }
    inDomain++;
    const gold = new Set(question.gold.map((g) => paragraphKey(g.doc, g.para)));
    const rank = ranking.findIndex((key) => gold.has(key));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  });
  const share = (n: number, d: number) => (d ? n / d : 1);
  return {
    inDomain,
    outOfDomain,
    hitAt1: share(hit1, inDomain),
    hitAt3: share(hit3, inDomain),
    mrr: share(reciprocal, inDomain),
    rejected: share(rejected, outOfDomain),
  };
}

/** Questions grouped by language, in a stable order. */
export function byLanguage(
  questions: readonly LabelledQuestion[],
): Map<Language, LabelledQuestion[]> {
  const groups = new Map<Language, LabelledQuestion[]>();
  for (const question of questions) {
    const list = groups.get(question.lang) ?? [];
    list.push(question);
    groups.set(question.lang, list);
  }
  return groups;
}
