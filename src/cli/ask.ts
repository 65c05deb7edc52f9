/**
 * `npm run --silent ask -- [--lang en|ru|zh] [--limit N] [--json] "question"`
 * Answers one question from the knowledge folder, or, with no question, every line of
 * standard input (one JSON object per line, in order).
 */
import "./preamble.js";
import { createInterface } from "node:readline";
import { runEntryPoint } from "../errors.js";
import { loadKnowledge } from "../knowledge/load.js";
import { formatPublished } from "../knowledge/published.js";
import { isLanguage, type Language, versionIn } from "../knowledge/types.js";
import { SearchEngine, type SearchResult } from "../search/engine.js";
import { lexiconFor } from "../search/lexicon.js";
import { parseCommandLine, UsageError, wholeNumberOption } from "./arguments.js";
import { resultToJson } from "./result-json.js";

const USAGE = `usage: npm run --silent ask -- [--lang en|ru|zh] [--limit N] [--json] "question"
       npm run --silent ask -- [--lang en|ru|zh] [--limit N] < questions.txt   (one JSON line per question)`;

const COMMAND = "ask";

/** The question (absent: read standard input), its language and how many passages to show. */
function parse() {
  const { values, positionals } = parseCommandLine(COMMAND, USAGE, {
    options: {
      lang: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (values.lang !== undefined && !isLanguage(values.lang))
    throw new UsageError(COMMAND, `--lang must be en, ru or zh, not '${values.lang}'`, USAGE);
  const limit = wholeNumberOption(COMMAND, USAGE, "limit", values.limit, {
    min: 1,
    max: 100,
    fallback: 5,
  });
  const question = positionals.join(" ");
  if (positionals.length > 0 && !question.trim())
    throw new UsageError(COMMAND, "the question is empty", USAGE);
  return {
    language: values.lang as Language | undefined,
    limit,
    json: values.json,
    question: positionals.length ? question : undefined,
  };
}

/** A person-readable answer with citations. */
function readable(result: SearchResult): string {
  if (result.passages.length === 0) return `No passage in the documents answers “${result.query}”.`;
  const intro =
    result.outcome === "closest"
      ? "This may not answer the question; the closest passage is:\n\n"
      : "";
  return `${intro}${result.passages
    .map((passage, i) => {
      const meta = versionIn(passage.document, passage.language).metadata;
      const citation = [
        meta.author,
        `“${meta.title}”`,
        meta.source,
        formatPublished(meta.published, passage.language),
        `¶${passage.paragraph}`,
      ]
        .filter(Boolean)
        .join(", ");
      let snippet = "";
      let at = 0;
      for (const [start, end] of passage.snippet.highlights) {
        snippet += `${passage.snippet.text.slice(at, start)}\x1b[1m${passage.snippet.text.slice(start, end)}\x1b[0m`;
        at = end;
      }
      snippet += passage.snippet.text.slice(at);
      if (!process.stdout.isTTY) snippet = passage.snippet.text;
      const confidence = `confidence ${Math.round(passage.confidence * 100)}%`;
      return `${i + 1}. ${snippet}\n   — ${citation} [${passage.document.id}, ${confidence}]`;
    })
    .join("\n\n")}`;
}

async function main(): Promise<void> {
  const options = parse();
  const knowledge = await loadKnowledge(process.env.KNOWLEDGE_DIR || "knowledge");
  const engine = new SearchEngine(knowledge, {}, { lexicon: await lexiconFor(knowledge) });
  const ask = (question: string) =>
    engine.findPassages(question, {
      limit: options.limit,
      ...(options.language ? { language: options.language } : {}),
    });
  if (options.question !== undefined) {
    const result = ask(options.question);
    process.stdout.write(
      options.json ? `${JSON.stringify(resultToJson(result))}\n` : `${readable(result)}\n`,
    );
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    process.stdout.write(`${JSON.stringify(resultToJson(ask(line)))}\n`);
  }
}

await runEntryPoint(main);
