/**
 * `npm run check-knowledge [folder]`: validates the knowledge folder and prints a summary.
 * Exits 1 with one line naming the file, line and problem when anything is invalid.
 */
import "./preamble.js";
import { runEntryPoint } from "../errors.js";
import { loadKnowledge } from "../knowledge/load.js";
import { summarizeKnowledge } from "../knowledge/summary.js";
import { parseCommandLine, UsageError } from "./arguments.js";

const USAGE = "usage: npm run check-knowledge [-- folder]";

function folderArgument(): string | undefined {
  const { positionals } = parseCommandLine("check-knowledge", USAGE, {
    options: {},
    allowPositionals: true,
  });
  if (positionals.length > 1)
    throw new UsageError("check-knowledge", "give at most one knowledge folder", USAGE);
  return positionals[0];
}

async function main(): Promise<void> {
  const directory = folderArgument() ?? process.env.KNOWLEDGE_DIR ?? "knowledge";
  const started = performance.now();
  const knowledge = await loadKnowledge(directory);
  const elapsed = performance.now() - started;
  const summary = summarizeKnowledge(knowledge);
  console.log(
    `Knowledge in ${directory}: ${summary.documents} documents, ${summary.aliasGroups} alias groups (loaded in ${elapsed.toFixed(1)} ms)`,
  );
  console.log(
    `Paragraphs per language: ${Object.entries(summary.paragraphsPerLanguage)
      .map(([language, count]) => `${language} ${count}`)
      .join(", ")}`,
  );
  for (const document of summary.perDocument) {
    // A missing translation is no error: questions in that language cross over to the
    // document's own language (see README, "Questions in other languages").
    const missing = document.missing.length
      ? `missing: ${document.missing.join(", ")}; questions in ${document.missing.join(" and ")} are answered across languages from the ${document.languages.includes("en") ? "en" : document.original} text`
      : "complete";
    console.log(
      `  ${document.id}: ${document.paragraphs} paragraphs, original ${document.original}, languages ${document.languages.join(", ")} (${missing})`,
    );
  }
}

await runEntryPoint(main);
