import type { Language } from "../knowledge/types.js";
import type { LabelledQuestion } from "./labelled.js";

/** A ranked answer to score: paragraph keys `doc#para`, best first (empty: "not in the documents"). */
export type Ranking = readonly string[];

/**
 * What an engine did with a question: its ranking whatever the confidence, how many of those
 * passages it would show, and whether it would present the first as a confident answer.
 * A plain ranking is an engine that shows everything it returns, confidently.
 */
export interface Answer {
  readonly keys: Ranking;
  readonly shown: number;
  readonly confident: boolean;
}

/** Quality figures for one language. */
export interface Quality {
  readonly inDomain: number;
  readonly outOfDomain: number;
  /** Over answerable questions: the right paragraph first, in the first three, reciprocal rank. */
  readonly hitAt1: number;
  readonly hitAt3: number;
  readonly mrr: number;
  /** Share of answerable questions that got any passage. */
  readonly answered: number;
  /** Share of answerable questions whose first passage is right and presented as confident. */
  readonly confidentRight: number;
  /** Share of out-of-domain questions with no confident passage. */
  readonly noConfident: number;
  /** Share of out-of-domain questions that got no passage at all. */
  readonly rejected: number;
}

export const paragraphKey = (doc: string, para: number): string => `${doc}#${para}`;

function asAnswer(answer: Answer | Ranking): Answer {
  if (!Array.isArray(answer)) return answer as Answer;
  const keys = answer as Ranking;
  return { keys, shown: keys.length, confident: keys.length > 0 };
}

/** hit@1, hit@3, MRR, answered and confident-and-right (in domain), out-of-domain rejection. */
export function measure(
  questions: readonly LabelledQuestion[],
  answers: readonly (Answer | Ranking)[],
): Quality {
  let inDomain = 0;
  let outOfDomain = 0;
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let answered = 0;
  let confidentRight = 0;
  let noConfident = 0;
  let rejected = 0;
  questions.forEach((question, i) => {
    const answer = asAnswer(answers[i] ?? []);
    if (question.gold.length === 0) {
      outOfDomain++;
      if (answer.shown === 0) rejected++;
      if (answer.shown === 0 || !answer.confident) noConfident++;
      return;
    }
    inDomain++;
    const gold = new Set(question.gold.map((g) => paragraphKey(g.doc, g.para)));
    const rank = answer.keys.findIndex((key) => gold.has(key));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    if (answer.shown > 0) answered++;
    if (rank === 0 && answer.shown > 0 && answer.confident) confidentRight++;
  });
  const share = (n: number, d: number) => (d ? n / d : 1);
  return {
    inDomain,
    outOfDomain,
    hitAt1: share(hit1, inDomain),
    hitAt3: share(hit3, inDomain),
    mrr: share(reciprocal, inDomain),
    answered: share(answered, inDomain),
    confidentRight: share(confidentRight, inDomain),
    noConfident: share(noConfident, outOfDomain),
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
