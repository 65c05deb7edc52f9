import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ImportError } from "../../../src/import/errors.js";
import { type ImportOptions, importSource } from "../../../src/import/import.js";
import { writeTree } from "../../support/temp-knowledge.js";

/** Metadata flags for sources that state none, as an operator would give them. */
export const GIVEN = { title: "Given Title", source: "Given Press", published: "2024-05-06" };

/** A new, empty knowledge folder and a folder for source files beside it. */
export async function workspace(): Promise<{ knowledge: string; sources: string }> {
  const root = await writeTree({ "knowledge/.keep": "", "sources/.keep": "" });
  return { knowledge: join(root, "knowledge"), sources: join(root, "sources") };
}

/** Writes a source file into `folder` and returns its path. */
export async function sourceFile(folder: string, name: string, bytes: Uint8Array | string) {
  const path = join(folder, name);
  await writeFile(path, bytes);
  return path;
}

/** Imports and returns the report; metadata flags default to none. */
export function run(source: string, knowledgeDir: string, options: Partial<ImportOptions> = {}) {
  return importSource(source, { knowledgeDir, ...options });
}

/** Imports a source that must fail and returns the one-line message. */
export async function failure(
  source: string,
  knowledgeDir: string,
  options: Partial<ImportOptions> = {},
): Promise<string> {
  try {
    await importSource(source, { knowledgeDir, ...options });
  } catch (error) {
    if (error instanceof ImportError) return error.message;
    throw error;
  }
  throw new Error(`importing ${source} did not fail`);
}

/** The document folders in a knowledge folder (what an import wrote). */
export async function documentsIn(knowledgeDir: string): Promise<string[]> {
  return (await readdir(knowledgeDir)).filter((name) => !name.startsWith(".")).sort();
}
