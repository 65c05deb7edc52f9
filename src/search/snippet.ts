import type { Language } from "../knowledge/types.js";
import type { AliasMatcher } from "./aliases.js";
import { aliasTerm } from "./aliases.js";
import { type Token, tokenize } from "./analyze.js";

/** A stretch of text with the spans that matched the question. */
export interface Snippet {
  readonly text: string;
  /** `[start, end)` UTF-16 offsets into `text`, sorted and non-overlapping. */
  readonly highlights: readonly (readonly [number, number])[];
}

/** What the question matched, as the snippet needs it: term → weight of its concept. */
export type MatchedTerms = ReadonlyMap<string, number>;

const SENTENCE_LOCALES: Record<Language, string> = { en: "en", ru: "ru", zh: "zh" };
const segmenters = new Map<Language, Intl.Segmenter>();

function sentencesOf(text: string, language: Language): { start: number; end: number }[] {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(SENTENCE_LOCALES[language], { granularity: "sentence" });
    segmenters.set(language, segmenter);
  }
  const sentences: { start: number; end: number }[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const trimmed = segment.trimEnd();
    if (trimmed) sentences.push({ start: index, end: index + trimmed.length });
  }
  return sentences;
}

/** Merges overlapping or touching spans (Chinese bigrams overlap by one character). */
export function mergeSpans(spans: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Spans of `tokens` whose terms (or alias groups) the question matched, with their weight. */
function matchedSpans(
  tokens: readonly Token[],
  matched: MatchedTerms,
  aliases: AliasMatcher,
): { start: number; end: number; weight: number; key: string }[] {
  const spans: { start: number; end: number; weight: number; key: string }[] = [];
  for (const token of tokens) {
    const key = matched.has(token.term)
      ? token.term
      : token.alt && matched.has(token.alt)
        ? token.alt
        : undefined;
    if (key) spans.push({ start: token.start, end: token.end, weight: matched.get(key) ?? 0, key });
  }
  for (const occurrence of aliases.find(tokens)) {
    const key = aliasTerm(occurrence.group);
    const first = tokens[occurrence.from];
    const last = tokens[occurrence.to - 1];
    if (matched.has(key) && first && last) {
      spans.push({ start: first.start, end: last.end, weight: matched.get(key) ?? 0, key });
    }
  }
  return spans;
}

/**
 * The best-matching sentence(s) of a paragraph, in paragraph order, with the matched words.
 * Sentences are scored by the weight of the distinct question terms they contain.
 */
export function buildSnippet(
  paragraph: string,
  language: Language,
  matched: MatchedTerms,
  aliases: AliasMatcher,
  maxSentences: number,
): Snippet {
  const spans = matchedSpans(tokenize(paragraph), matched, aliases);
  const sentences = sentencesOf(paragraph, language).map((sentence, order) => {
    const inside = spans.filter((s) => s.start >= sentence.start && s.end <= sentence.end);
    const keys = new Set(inside.map((s) => s.key));
    let score = 0;
    for (const key of keys) score += matched.get(key) ?? 0;
    return { ...sentence, order, score, keys, inside };
  });
  const ranked = [...sentences].sort((a, b) => b.score - a.score || a.order - b.order);
  const chosen = ranked.slice(0, 1);
  const best = chosen[0];
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= maxSentences || !best || candidate.score === 0) break;
    // A second sentence earns its place only by matching something the first did not.
    if ([...candidate.keys].some((key) => !best.keys.has(key))) chosen.push(candidate);
  }
  chosen.sort((a, b) => a.order - b.order);
  let text = "";
  const highlights: [number, number][] = [];
  let previous: (typeof chosen)[number] | undefined;
  for (const sentence of chosen) {
    if (previous)
      text +=
        sentence.order === previous.order + 1
          ? paragraph.slice(previous.end, sentence.start)
          : " … ";
    const offset = text.length - sentence.start;
    text += paragraph.slice(sentence.start, sentence.end);
    for (const span of sentence.inside) highlights.push([span.start + offset, span.end + offset]);
    previous = sentence;
  }
  if (!text) return { text: paragraph, highlights: [] };
  return { text, highlights: mergeSpans(highlights) };
}
