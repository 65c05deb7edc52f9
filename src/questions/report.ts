import { LANGUAGES, type Language } from "../knowledge/types.js";
import { tokenizeQuestion } from "../search/analyze.js";
import type { Outcome, QuestionRecord } from "./record.js";

/** Questions of one day (UTC) by outcome. */
export interface DayCount {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly counts: Readonly<Record<Outcome, number>>;
}

/** Unanswered questions that share their content words. */
export interface UnansweredGroup {
  /** The stemmed content words they share, sorted (empty: no content word at all). */
  readonly terms: readonly string[];
  readonly count: number;
  /** The most frequent wording in the group (the latest among equals). */
  readonly example: string;
  readonly lang: Language;
}

/** Verdicts on the replies led by one paragraph. */
export interface ParagraphFeedback {
  readonly doc: string;
  readonly paragraph: number;
  readonly up: number;
  readonly down: number;
}

/** What an operator wants to know about the questions asked. */
export interface QuestionReport {
  readonly total: number;
  /** Every day from the first question to `until`, including days without any. */
  readonly days: readonly DayCount[];
  readonly languages: Readonly<Record<Language, number>>;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Most frequent first. */
  readonly unanswered: readonly UnansweredGroup[];
  /** Most thumbs-down first. */
  readonly feedback: readonly ParagraphFeedback[];
}

const DAY_MS = 24 * 3600 * 1000;
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
const zeroOutcomes = (): Record<Outcome, number> => ({ answered: 0, closest: 0, none: 0 });

/** The content words that decide whether two questions ask the same thing. */
export function contentKey(question: string): string[] {
  return [...new Set(tokenizeQuestion(question).map((token) => token.term))].sort();
}

function perDay(entries: readonly QuestionRecord[], until: number): DayCount[] {
  const first = entries[0];
  if (!first) return [];
  const byDay = new Map<string, Record<Outcome, number>>();
  for (let at = Date.parse(dayOf(first.at)); at <= until; at += DAY_MS)
    byDay.set(dayOf(at), zeroOutcomes());
  for (const entry of entries) {
    const counts = byDay.get(dayOf(entry.at));
    if (counts) counts[entry.outcome]++;
  }
  return [...byDay].map(([day, counts]) => ({ day, counts }));
}

function unansweredGroups(entries: readonly QuestionRecord[]): UnansweredGroup[] {
  const groups = new Map<
    string,
    { terms: string[]; wordings: Map<string, number>; lang: Language }
  >();
  for (const entry of entries) {
    if (entry.outcome !== "none") continue;
    const terms = contentKey(entry.q);
    const key = terms.length ? terms.join(" ") : entry.q.trim().toLowerCase();
    const group = groups.get(key) ?? { terms, wordings: new Map(), lang: entry.lang };
    const wording = entry.q.trim();
    // Delete and re-add so that among equally frequent wordings the latest comes last.
    const seen = group.wordings.get(wording) ?? 0;
    group.wordings.delete(wording);
    group.wordings.set(wording, seen + 1);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => {
      let example = "";
      let best = 0;
      let count = 0;
      for (const [wording, n] of group.wordings) {
        count += n;
        if (n >= best) [example, best] = [wording, n];
      }
      return { terms: group.terms, count, example, lang: group.lang };
    })
    .sort((a, b) => b.count - a.count || a.example.localeCompare(b.example));
}

/** Feedback counts for the paragraph each rated reply led with (its first passage). */
function feedbackPerParagraph(entries: readonly QuestionRecord[]): ParagraphFeedback[] {
  const counts = new Map<string, { doc: string; paragraph: number; up: number; down: number }>();
  for (const entry of entries) {
    const lead = entry.passages[0];
    if (!entry.feedback || !lead) continue;
    const key = `${lead.doc}\u0000${lead.paragraph}`;
    const count = counts.get(key) ?? { doc: lead.doc, paragraph: lead.paragraph, up: 0, down: 0 };
    count[entry.feedback]++;
    counts.set(key, count);
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.down - a.down || b.up - a.up || a.doc.localeCompare(b.doc) || a.paragraph - b.paragraph,
  );
}

/**
 * Sums up logged questions (oldest first) over the days up to `until` (milliseconds since the
 * epoch): per day and outcome, per language, the unanswered ones grouped by content words,
 * and the feedback per paragraph.
 */
export function buildReport(entries: readonly QuestionRecord[], until: number): QuestionReport {
  const languages = Object.fromEntries(LANGUAGES.map((l) => [l, 0])) as Record<Language, number>;
  const outcomes = zeroOutcomes();
  for (const entry of entries) {
    languages[entry.lang]++;
    outcomes[entry.outcome]++;
  }
  return {
    total: entries.length,
    days: perDay(entries, until),
    languages,
    outcomes,
    unanswered: unansweredGroups(entries),
    feedback: feedbackPerParagraph(entries),
  };
}

/** `part` of `whole` as a rounded percentage (0 when there is no whole). */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}
