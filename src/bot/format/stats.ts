import { LANGUAGES } from "../../knowledge/types.js";
import type { ChartLabels } from "../../questions/chart.js";
import { OUTCOMES } from "../../questions/record.js";
import { percent, type QuestionReport } from "../../questions/report.js";
import type { Translate } from "./citation.js";
import { escapeHtml, MESSAGE_LIMIT } from "./html.js";

/** Days listed in the text; the chart shows them all. */
const DAYS_LISTED = 14;
/** Unanswered groups and rated paragraphs listed. */
const TOP = 10;
/** A long question is cut in the list: the operator needs its gist, not all of it. */
const QUESTION_SHOWN = 120;

/** The /stats report in the reader's language, as HTML messages within Telegram's limit. */
export function formatStats(t: Translate, report: QuestionReport, days: number): string[] {
  const { outcomes, total } = report;
  const lines = [
    t("stats.header", { count: days, total }),
    t("stats.outcomes", {
      answered: outcomes.answered,
      answered_share: percent(outcomes.answered, total),
      closest: outcomes.closest,
      closest_share: percent(outcomes.closest, total),
      none: outcomes.none,
      none_share: percent(outcomes.none, total),
    }),
    t("stats.languages", {
      languages: LANGUAGES.map((language) =>
        t("stats.language_item", {
          language: t(`language.${language}`),
          number: report.languages[language],
        }),
      ).join(" · "),
    }),
    "",
    t("stats.days_header"),
    ...report.days.slice(-DAYS_LISTED).map(({ day, counts }) =>
      t("stats.day", {
        day,
        total: OUTCOMES.reduce((sum, o) => sum + counts[o], 0),
        answered: counts.answered,
        closest: counts.closest,
        none: counts.none,
      }),
    ),
    "",
    t("stats.unanswered_header"),
    ...(report.unanswered.length
      ? report.unanswered.slice(0, TOP).map((group) =>
          t("stats.unanswered_item", {
            count: group.count,
            question: escapeHtml(shortened(group.example)),
          }),
        )
      : [t("stats.unanswered_none")]),
    "",
    t("stats.feedback_header"),
    ...(report.feedback.length
      ? report.feedback.slice(0, TOP).map((f) =>
          t("stats.feedback_item", {
            document: escapeHtml(f.doc),
            paragraph: f.paragraph,
            up: f.up,
            down: f.down,
          }),
        )
      : [t("stats.feedback_none")]),
  ];
  return inMessages(lines);
}

function shortened(question: string): string {
  const flat = question.replace(/\s+/g, " ").trim();
  return flat.length > QUESTION_SHOWN ? `${flat.slice(0, QUESTION_SHOWN - 1)}…` : flat;
}

/** Lines gathered into messages, never splitting a line (each is far below the limit). */
function inMessages(lines: readonly string[]): string[] {
  const messages: string[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + line.length + 1 > MESSAGE_LIMIT - 100) {
      messages.push(current.trimEnd());
      current = "";
    }
    current += `${line}\n`;
  }
  if (current.trim()) messages.push(current.trimEnd());
  return messages;
}

/** The chart's texts in the reader's language. */
export function chartLabels(t: Translate): ChartLabels {
  return {
    title: t("stats.chart_title"),
    day: t("stats.chart_day"),
    questions: t("stats.chart_questions"),
    outcomes: {
      answered: t("stats.chart_answered"),
      closest: t("stats.chart_closest"),
      none: t("stats.chart_none"),
    },
  };
}
