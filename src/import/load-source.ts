import { open } from "node:fs/promises";
import { imageType, kindFromBytes, kindFromName } from "./detect-kind.js";
import { ImportError } from "./errors.js";
import { type FetchLimits, fetchSource } from "./fetch-url.js";
import { MAX_SOURCE_BYTES } from "./limits.js";
import type { LoadedSource } from "./types.js";

/** `true` when a SOURCE argument is an address (`scheme://…`) rather than a file. */
export const isUrl = (source: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(source);

/** Reads a file of at most `maxBytes`, refusing larger ones before reading them. */
async function readFileLimited(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    const reason =
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code;
    throw new ImportError(path, `cannot be read (${reason})`);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ImportError(path, "is a folder, not a document");
    if (info.size > maxBytes) {
      throw new ImportError(
        path,
        `too large: ${(info.size / 1024 / 1024).toFixed(0)} MB, more than ${maxBytes / 1024 / 1024} MB`,
      );
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Loads a SOURCE argument, a file or an http(s) URL, and tells what kind of document it is
 * (its bytes first, then its extension; text when nothing else fits).
 */
export async function loadSource(source: string, limits: FetchLimits = {}): Promise<LoadedSource> {
  if (isUrl(source)) return fetchSource(source, limits);
  const bytes = await readFileLimited(source, limits.maxBytes ?? MAX_SOURCE_BYTES);
  if (bytes.byteLength === 0) throw new ImportError(source, "empty file");
  const image = imageType(bytes);
  if (image) throw new ImportError(source, `not a document: it is a ${image}`);
  const byName = kindFromName(source);
  const byBytes = kindFromBytes(bytes);
  // Markdown and text cannot be told apart by their bytes; an HTML-looking .md stays Markdown.
  const kind = byName === "markdown" || byName === "text" ? byName : (byBytes ?? byName ?? "text");
  return { name: source, kind, bytes };
}
