/**
 * `npm run --silent ask -- [--lang en|ru|zh] [--limit N] [--json] "question"`
 * Answers one question from the knowledge folder, or, with no question, every line of
 * standard input (one JSON object per line, in order).
 */
import "./preamble.js";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { exitOnStartupError } from "../errors.js";
import { loadKnowledge } from "../knowledge/load.js";
import { formatPublished } from "../knowledge/published.js";
import { isLanguage, type Language, versionIn } from "../knowledge/types.js";
import { SearchEngine, type SearchResult } from "../search/engine.js";
import { lexiconFor } from "../search/lexicon.js";
import { resultToJson } from "./result-json.js";

const USAGE = `usage: npm run --silent ask -- [--lang en|ru|zh] [--limit N] [--json] "question"
       npm run --silent ask -- [--lang en|ru|zh] [--limit N] < questions.txt   (one JSON line per question)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    const { values, positionals } = parseArgs({
      options: {
        lang: { type: "string" },
        limit: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (values.lang !== undefined && !isLanguage(values.lang))
      fail(`ask: --lang must be en, ru or zh, not '${values.lang}'`);
    const limit = values.limit === undefined ? 5 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      fail(`ask: --limit must be a whole number from 1 to 100, not '${values.limit}'`);
    const question = positionals.join(" ");
    if (positionals.length > 0 && !question.trim()) fail("ask: the question is empty");
    return {
      language: values.lang as Language | undefined,
      limit,
      json: values.json,
      question: positionals.length ? question : undefined,
    };
  } catch (error) {
    if (error instanceof TypeError) fail(`ask: ${error.message}`);
    throw error;
  }
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

const options = parse();
let engine: SearchEngine;
try {
  const knowledge = await loadKnowledge(process.env.KNOWLEDGE_DIR || "knowledge");
  engine = new SearchEngine(knowledge, {}, { lexicon: await lexiconFor(knowledge) });
} catch (error) {
  exitOnStartupError(error);
}
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
} else {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    process.stdout.write(`${JSON.stringify(resultToJson(ask(line)))}\n`);
  }
}
