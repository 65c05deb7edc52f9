import { describe, expect, it } from "vitest";
import { idf } from "../../src/search/bm25.js";
import type { Concept } from "../../src/search/concepts.js";
import { buildIndex, type InvertedIndex, openIndex } from "../../src/search/inverted-index.js";
import {
  lengthNorms,
  newScratch,
  type ScoringIndex,
  scoreCandidates,
} from "../../src/search/scoring.js";

const K1 = 1.2;
const B = 0.75;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Paragraphs over a Zipf-like vocabulary: a few words everywhere, most words rare. */
function corpus(next: () => number, paragraphs: number): string[] {
  const words = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: 5 + Math.floor(next() * 40) }, () => {
      const rank = Math.floor(words.length * next() ** 3);
      return words[rank];
    }).join(" "),
  );
}

/** Every posting scored, no pruning: the concept's best term once per paragraph. */
function exhaustive(concepts: readonly Concept[], index: InvertedIndex, keep: number) {
  const scores = new Map<number, number>();
  for (const concept of concepts) {
    const best = new Map<number, number>();
    for (const { term, weight } of concept.terms) {
      const postings = index.postings.get(term);
      if (!postings) continue;
      const termIdf = idf(index.size, postings.slots.length);
      postings.slots.forEach((slot, p) => {
        const tf = postings.frequencies[p] as number;
        const norm = K1 * (1 - B + (B * (index.lengths[slot] as number)) / index.averageLength);
        const score = weight * ((termIdf * (tf * (K1 + 1))) / (tf + norm));
        best.set(slot, Math.max(best.get(slot) ?? 0, score));
      });
    }
    for (const [slot, score] of best) scores.set(slot, (scores.get(slot) ?? 0) + score);
  }
  return [...scores]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, keep)
    .map(([slot, score]) => ({ slot, score }));
}

describe("scoring with dynamic pruning", () => {
  const next = random(20_261_127);
  const texts = corpus(next, 3_000);
  const { index } = openIndex(buildIndex(texts));
  // One document per hundred paragraphs, as slots of a real knowledge base are grouped.
  const documentOf = Int32Array.from(texts, (_, slot) => Math.floor(slot / 100));
  const documentStarts = Int32Array.from({ length: 31 }, (_, d) => d * 100);
  const target: ScoringIndex = {
    index,
    scratch: newScratch(index.size),
    documentOf,
    documentStarts,
    norms: lengthNorms(index, K1, B),
  };
  const terms = [...Array(400).keys()].map((i) => `w${i.toString(36)}x`);

  it("keeps exactly the best paragraphs that scoring every posting keeps, on 300 random questions", () => {
    for (let question = 0; question < 300; question++) {
      const concepts: Concept[] = Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
        const alternatives = 1 + Math.floor(next() * 3);
        return {
          terms: Array.from({ length: alternatives }, (_, i) => ({
            term: terms[Math.floor(terms.length * next() ** 2)] as string,
            weight: i === 0 ? 1 : 0.5 + next() / 2,
          })),
          idf: 1,
          known: true,
          words: [],
        };
      });
      const keep = 1 + Math.floor(next() * 10);
      const pruned = scoreCandidates(concepts, target, undefined, keep, K1);
      const expected = exhaustive(concepts, index, keep);
      expect(pruned.map((c) => c.slot)).toEqual(expected.map((c) => c.slot));
      pruned.forEach((candidate, i) => {
        expect(candidate.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9);
      });
    }
  });

  it("marks in a candidate's document mask every concept that any paragraph of its document matches", () => {
    const concepts: Concept[] = ["w0x", "w1x", "wax"].map((term) => ({
      terms: [{ term, weight: 1 }],
      idf: 1,
      known: true,
      words: [],
    }));
    const [best] = scoreCandidates(concepts, target, undefined, 1, K1);
    const document = Math.floor((best?.slot ?? 0) / 100);
    let expected = 0;
    concepts.forEach((concept, c) => {
      const term = concept.terms[0]?.term ?? "";
      const inDocument = texts
        .slice(document * 100, document * 100 + 100)
        .some((text) => text.split(" ").includes(term));
      if (inDocument) expected |= 2 ** c;
    });
    expect(best?.documentMask).toBe(expected);
  });
});
