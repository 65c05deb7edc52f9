import { mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { KnowledgeError } from "../knowledge/errors.js";
import { loadKnowledge } from "../knowledge/load.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { ImportError } from "./errors.js";
import type { ImportedDocument } from "./types.js";

const quoted = (value: string): string => JSON.stringify(value);

/** The knowledge file of a document, in the format `src/knowledge/load.ts` reads. */
export function renderKnowledgeFile(document: ImportedDocument): string {
  const { metadata } = document;
  const front = [`title: ${quoted(metadata.title)}`];
  if (metadata.author) front.push(`author: ${quoted(metadata.author)}`);
  front.push(`source: ${quoted(metadata.source)}`);
  front.push(`published: ${metadata.published}`);
  if (metadata.url) front.push(`url: ${metadata.url}`);
  front.push(
    document.translatedFrom ? `translated_from: ${document.translatedFrom}` : "original: true",
  );
  return `---\n${front.join("\n")}\n---\n\n${document.paragraphs.join("\n\n")}\n`;
}

/** Where a document was (or would be) written, and what that did. */
export interface WriteResult {
  readonly file: string;
  /** The document folder already had this language and it was replaced. */
  readonly replaced: boolean;
  readonly knowledge: KnowledgeBase;
}

/**
 * Builds, in a temporary folder, the knowledge folder as it would be with the document
 * (the other documents linked, not copied) and loads it with the bot's own loader, so
 * nothing that the bot would refuse at start-up is ever written.
 */
async function validateWith(
  directory: string,
  document: ImportedDocument,
  content: string,
): Promise<{ knowledge: KnowledgeBase; replaced: boolean }> {
  const view = await mkdtemp(join(tmpdir(), "import-view-"));
  const fileName = `${document.language}.md`;
  let replaced = false;
  try {
    const entries = await readdir(directory).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry.startsWith(".")) continue;
      if (entry.toLowerCase() === document.id) {
        const own = await readdir(join(directory, entry)).catch(() => [] as string[]);
        await mkdir(join(view, document.id));
        for (const file of own) {
          if (file === fileName) replaced = true;
          else await symlink(resolve(directory, entry, file), join(view, document.id, file));
        }
        continue;
      }
      await symlink(resolve(directory, entry), join(view, entry));
    }
    await mkdir(join(view, document.id), { recursive: true });
    await writeFile(join(view, document.id, fileName), content);
    try {
      const knowledge = await loadKnowledge(view);
      return { knowledge, replaced };
    } catch (error) {
      if (error instanceof KnowledgeError) {
        const file = error.file.replace(view, directory);
        throw new ImportError(
          document.id,
          `would make the knowledge invalid, so nothing was written: ${file}:${error.line}: ${error.problem}`,
        );
      }
      throw error;
    }
  } finally {
    await rm(view, { recursive: true, force: true });
  }
}

/**
 * Writes `<directory>/<id>/<lang>.md` after validating the whole knowledge folder with it.
 * The file appears at once or not at all: it is written beside its place under a hidden
 * name (the loader skips dot files) and renamed over it; a new document's folder is
 * prepared hidden and renamed into place. With `dryRun` it only validates.
 */
export async function writeDocument(
  directory: string,
  document: ImportedDocument,
  options: { dryRun?: boolean } = {},
): Promise<WriteResult> {
  const content = renderKnowledgeFile(document);
  const folder = join(directory, document.id);
  const file = join(folder, `${document.language}.md`);
  const { knowledge, replaced } = await validateWith(directory, document, content);
  if (options.dryRun) return { file, replaced, knowledge };
  await mkdir(directory, { recursive: true });
  const existing = (await readdir(directory)).find((e) => e.toLowerCase() === document.id);
  const stamp = `${process.pid}-${Date.now()}`;
  if (existing) {
    const target = join(directory, existing, `${document.language}.md`);
    const hidden = join(directory, existing, `.${document.language}.md.import-${stamp}`);
    await writeFile(hidden, content);
    await rename(hidden, target);
    return { file: target, replaced, knowledge };
  }
  const hiddenFolder = join(directory, `.import-${document.id}-${stamp}`);
  await mkdir(hiddenFolder);
  try {
    await writeFile(join(hiddenFolder, `${document.language}.md`), content);
    await rename(hiddenFolder, folder);
  } catch (error) {
    await rm(hiddenFolder, { recursive: true, force: true });
    throw new ImportError(
      document.id,
      `could not be written (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  return { file, replaced, knowledge };
}

/**
 * Takes a document out of the knowledge folder, after checking that the folder without it
 * still loads (it may not be the last document). The folder is renamed to a hidden name
 * first (atomic; the loader skips it), then deleted.
 *
 * @throws {ImportError} when there is no such document or the rest would not load
 */
export async function removeDocument(directory: string, id: string): Promise<KnowledgeBase> {
  const entries = await readdir(directory).catch(() => [] as string[]);
  const existing = entries.find((e) => !e.startsWith(".") && e.toLowerCase() === id);
  if (!existing) throw new ImportError(id, `no document '${id}' in ${directory}`);
  const view = await mkdtemp(join(tmpdir(), "import-view-"));
  let knowledge: KnowledgeBase;
  try {
    for (const entry of entries) {
      if (entry.startsWith(".") || entry === existing) continue;
      await symlink(resolve(directory, entry), join(view, entry));
    }
    try {
      knowledge = await loadKnowledge(view);
    } catch (error) {
      if (error instanceof KnowledgeError) {
        throw new ImportError(id, `cannot be removed: without it ${error.problem}`);
      }
      throw error;
    }
  } finally {
    await rm(view, { recursive: true, force: true });
  }
  const hidden = join(directory, `.removed-${id}-${process.pid}-${Date.now()}`);
  await rename(join(directory, existing), hidden);
  await rm(hidden, { recursive: true, force: true });
  return { ...knowledge, directory };
}
