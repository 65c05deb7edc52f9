/**
 * `npm run check-knowledge [folder]`: validates the knowledge folder and prints a summary.
 * Exits 1 with one line naming the file, line and problem when anything is invalid.
 */
import "./preamble.js";
import { parseArgs } from "node:util";
import { exitOnStartupError } from "../errors.js";
import { loadKnowledge } from "../knowledge/load.js";
import { summarizeKnowledge } from "../knowledge/summary.js";

function folderArgument(): string | undefined {
  try {
    const { positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true });
    if (positionals.length > 1) throw new TypeError("give at most one knowledge folder");
    return positionals[0];
  } catch (error) {
    process.stderr.write(
      `check-knowledge: ${(error as Error).message}\nusage: npm run check-knowledge [-- folder]\n`,
    );
    process.exit(2);
  }
}

const directory = folderArgument() ?? process.env.KNOWLEDGE_DIR ?? "knowledge";

try {
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
} catch (error) {
  exitOnStartupError(error);
}
