/**
 * `npm run report -- [--days N] [--json] [--export FILE]`: what users asked and what failed,
 * from the question log (the same storage and `.env` as `npm start`). `--export` writes the
 * logged questions as an evaluation set (`questions.jsonl`) with the bot's answers as draft labels.
 */
import "./preamble.js";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { loadConfig } from "../config.js";
import { runEntryPoint, StartupError } from "../errors.js";
import { LANGUAGES } from "../knowledge/types.js";
import { toJsonLines, toLabelledLines } from "../questions/export.js";
import { openQuestionLog } from "../questions/open.js";
import { OUTCOMES } from "../questions/record.js";
import { buildReport, percent, type QuestionReport } from "../questions/report.js";
import { parseCommandLine, UsageError } from "./arguments.js";

const USAGE = "usage: npm run report -- [--days N] [--json] [--export FILE]";
const DAY_MS = 24 * 3600 * 1000;

/** A failure after the arguments were understood: one line, exit code 1. */
function failure(problem: string): StartupError {
  return new StartupError(`report: ${problem}`, 1);
}

function parse() {
  const { values } = parseCommandLine("report", USAGE, {
    options: {
      days: { type: "string" },
      json: { type: "boolean", default: false },
      export: { type: "string" },
    },
  });
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1))
    throw new UsageError(
      "report",
      `--days must be a whole number of days, at least 1, not '${values.days}'`,
      USAGE,
    );
  if (values.export !== undefined && !values.export.trim())
    throw new UsageError("report", "--export needs a file name", USAGE);
  return { days, json: values.json, exportTo: values.export };
}

/** The report as plain text for a terminal. */
function readable(report: QuestionReport, days: number): string {
  const { outcomes, total } = report;
  const share = (n: number) => `${n} (${percent(n, total)}%)`;
  const lines = [
    `Questions in the last ${days} day${days === 1 ? "" : "s"}: ${total}`,
    `Answered: ${share(outcomes.answered)} · closest passage only: ${share(outcomes.closest)} · nothing found: ${share(outcomes.none)}`,
    `By language: ${LANGUAGES.map((l) => `${l} ${report.languages[l]}`).join(" · ")}`,
    "",
    "Per day (UTC): total (answered / closest / nothing)",
    ...report.days.map(({ day, counts }) => {
      const sum = OUTCOMES.reduce((s, o) => s + counts[o], 0);
      return `  ${day}  ${String(sum).padStart(4)}  (${counts.answered} / ${counts.closest} / ${counts.none})`;
    }),
    "",
    "Most frequent unanswered questions, grouped by their content words:",
    ...(report.unanswered.length
      ? report.unanswered
          .slice(0, 20)
          .map(
            (g) =>
              `  ${String(g.count).padStart(4)}×  [${g.lang}] ${g.example}${g.terms.length ? `   {${g.terms.join(" ")}}` : ""}`,
          )
      : ["  none: every question found at least one passage"]),
    "",
    "Feedback by the paragraph the rated reply led with (up / down):",
    ...(report.feedback.length
      ? report.feedback.map((f) => `  ${f.doc} ¶${f.paragraph}: ${f.up} / ${f.down}`)
      : ["  no feedback yet"]),
  ];
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
  const options = parse();
  const config = loadConfig(process.env);
  if (!config.questionLog.enabled)
    throw failure("the question log is off (QUESTION_LOG=off), so there is nothing to report.");
  let opened: Awaited<ReturnType<typeof openQuestionLog>>;
  try {
    opened = await openQuestionLog(config);
  } catch (error) {
    throw failure(`cannot open the question log: ${(error as Error).message}`);
  }
  try {
    const { log } = opened;
    const days = Math.min(options.days ?? config.questionLog.days, config.questionLog.days);
    const since = log.now() - days * DAY_MS;
    const entries = (await log.entries()).filter((entry) => entry.at >= since);
    if (options.exportTo !== undefined) {
      const lines = toLabelledLines(entries);
      try {
        await mkdir(dirname(options.exportTo), { recursive: true });
        await writeFile(options.exportTo, toJsonLines(lines));
      } catch (error) {
        throw failure(
          `cannot write ${options.exportTo} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
      const unlabelled = lines.filter((line) => line.doc === null).length;
      process.stdout.write(
        `Wrote ${lines.length} questions to ${options.exportTo} (${unlabelled} without an answer, labelled null). The labels are the bot's own answers: check and correct them, put the file as questions.jsonl in a folder, then run npm run eval -- --set FOLDER.\n`,
      );
    } else {
      const report = buildReport(entries, log.now());
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ windowDays: days, ...report }, null, 2)}\n`
          : readable(report, days),
      );
    }
  } finally {
    await opened.close();
  }
}

await runEntryPoint(main);
