/**
 * `npm run import -- SOURCE... [--id ID] [--lang en|ru|zh] [--translation-of ID]
 * [--title T --author A --source S --published DATE] [--dry-run]`
 * Imports PDF, DOCX, HTML, Markdown and text files or http(s) URLs into the knowledge folder.
 * A bad source gets one line naming it and the problem (exit 1) and nothing is written;
 * a usage mistake exits 2.
 */
import "./preamble.js";
import { runEntryPoint } from "../errors.js";
import { normalizeDate } from "../import/dates.js";
import { ImportError } from "../import/errors.js";
import { type ImportReport, importSource } from "../import/import.js";
import type { SourceMetadata } from "../import/types.js";
import { isLanguage, type Language } from "../knowledge/types.js";
import { parseCommandLine, UsageError } from "./arguments.js";

const USAGE = `usage: npm run import -- SOURCE... [--id ID] [--lang en|ru|zh] [--translation-of ID]
         [--title T] [--author A] [--source S] [--published DATE] [--dry-run]
SOURCE is a PDF, DOCX, HTML, Markdown or text file, or an http(s) URL. Writes
<KNOWLEDGE_DIR>/<id>/<lang>.md (KNOWLEDGE_DIR defaults to knowledge/).`;

function usageError(problem: string): never {
  throw new UsageError("import", problem, USAGE);
}

interface Arguments {
  readonly sources: readonly string[];
  readonly id?: string;
  readonly language?: Language;
  readonly translationOf?: string;
  readonly metadata: SourceMetadata;
  readonly dryRun: boolean;
}

function parse(): Arguments {
  const { values, positionals } = parseCommandLine("import", USAGE, {
    options: {
      id: { type: "string" },
      lang: { type: "string" },
      "translation-of": { type: "string" },
      title: { type: "string" },
      author: { type: "string" },
      source: { type: "string" },
      published: { type: "string" },
      "dry-run": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) usageError("give at least one SOURCE (a file or an http(s) URL)");
  if (values.lang !== undefined && !isLanguage(values.lang))
    usageError(`--lang must be en, ru or zh, not '${values.lang}'`);
  if (values.id !== undefined && !/^[a-z0-9][a-z0-9_-]{0,47}$/.test(values.id))
    usageError(
      `--id '${values.id}' is not a valid id: lowercase letters, digits, '-' and '_' (at most 48)`,
    );
  const single = ["id", "title", "author", "source", "published", "translation-of"] as const;
  if (positionals.length > 1) {
    const given = single.filter((name) => values[name] !== undefined);
    if (given.length)
      usageError(`--${given[0]} applies to one source; import the sources one by one`);
  }
  const metadata: SourceMetadata = {};
  for (const name of ["title", "author", "source"] as const) {
    const value = values[name]?.trim();
    if (values[name] !== undefined && !value) usageError(`--${name} is empty`);
    if (value) metadata[name] = value;
  }
  if (values.published !== undefined) {
    const published = normalizeDate(values.published);
    if (!published)
      usageError(
        `--published '${values.published}' is not a date: write 2019-04-04, 2019-04, 2019 or --07-24`,
      );
    metadata.published = published;
  }
  return {
    sources: positionals,
    metadata,
    dryRun: values["dry-run"] ?? false,
    ...(values.id ? { id: values.id } : {}),
    ...(values.lang ? { language: values.lang as Language } : {}),
    ...(values["translation-of"] ? { translationOf: values["translation-of"] } : {}),
  };
}

const ms = (value: number): string => `${Math.round(value)} ms`;

function describe(report: ImportReport, dryRun: boolean): string {
  const { document, timings } = report;
  const meta = document.metadata;
  const lines = [
    `${dryRun ? "would write" : report.replaced ? "updated" : "wrote"} ${report.file}: ${document.paragraphs.length} paragraphs, ${document.language}${document.translatedFrom ? ` (translation of ${document.translatedFrom})` : ""}`,
    `  title: ${meta.title}`,
    `  author: ${meta.author ?? "(none stated)"}`,
    `  source: ${meta.source}`,
    `  published: ${meta.published}`,
    ...(meta.url ? [`  url: ${meta.url}`] : []),
    ...report.warnings.map((warning) => `  warning: ${warning}`),
    `  time: ${ms(timings.total)} (read ${ms(timings.load)}, extract ${ms(timings.extract)}, validate and write ${ms(timings.write)})`,
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  const args = parse();
  const knowledgeDir = process.env.KNOWLEDGE_DIR || "knowledge";
  let failed = false;
  for (const source of args.sources) {
    try {
      const report = await importSource(source, {
        knowledgeDir,
        metadata: args.metadata,
        dryRun: args.dryRun,
        ...(args.id ? { id: args.id } : {}),
        ...(args.language ? { language: args.language } : {}),
        ...(args.translationOf ? { translationOf: args.translationOf } : {}),
      });
      if (args.dryRun) process.stdout.write(`${report.content}\n`);
      process.stdout.write(`${describe(report, args.dryRun)}\n`);
    } catch (error) {
      failed = true;
      if (error instanceof ImportError) {
        const message = error.source === source ? error.message : `${source}: ${error.message}`;
        process.stderr.write(`import: ${message.replace(/\s*\n\s*/g, " ")}\n`);
      } else {
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        process.stderr.write(`import: ${source}: unexpected failure (${reason})\n`);
      }
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await runEntryPoint(main);
