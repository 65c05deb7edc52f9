/**
 * `npm run bench:import`: writes a 300-page two-column PDF (running headers, page numbers,
 * hyphenation) to a temporary folder and imports it with `--dry-run` through the real
 * command, which prints its own timing line.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commandLine } from "../src/cli/arguments.js";
import { twoColumnPdf } from "../test/import/support/pdf.js";
import { paragraphs } from "../test/import/support/text.js";

commandLine("bench:import", "usage: npm run bench:import", { options: {} });
const folder = mkdtempSync(join(tmpdir(), "bench-import-"));
try {
  const pdf = await twoColumnPdf(paragraphs(3300, 5, 7), { title: "A Long Report" });
  const file = join(folder, "long-report.pdf");
  writeFileSync(file, pdf.bytes);
  process.stdout.write(
    `${pdf.pages}-page PDF, ${(pdf.bytes.byteLength / 1024 / 1024).toFixed(1)} MB\n`,
  );
  const output = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/import.ts",
      file,
      "--source",
      "Bench Press",
      "--published",
      "2024",
      "--dry-run",
    ],
    {
      encoding: "utf8",
      env: { ...process.env, KNOWLEDGE_DIR: join(folder, "knowledge") },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  process.stdout.write(
    `${output
      .split("\n")
      .filter((line) => /^(would write| {2})/.test(line))
      .join("\n")}\n`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
