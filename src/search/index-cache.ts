/**
 * Built indexes on disk, so that a start with unchanged knowledge reads them instead of
 * building them again. A file is keyed by a hash of the knowledge's fingerprint and of the code
 * and data that build an index ({@link engineStamp}); it carries a checksum of its payload. A
 * file that is stale, truncated or altered is reported as a miss with the reason, never trusted.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isLanguage } from "../knowledge/types.js";
import type { PackedLanguage } from "./build.js";
import { PackingError, pack, unpack } from "./packing.js";

/** Bump when the file layout changes. */
const FILE_FORMAT = 1;
const MAGIC = "CDIDX001";
/** How many cache files to keep (the current knowledge and the one before). */
const KEEP_FILES = 2;

let stamp: string | undefined;

/**
 * A hash of what turns paragraphs into an index: this folder's code (tokenizer, stemming, index
 * layout) and the stemmer library's version. Any change to either makes older files stale.
 */
export function engineStamp(): string {
  if (stamp) return stamp;
  const hash = createHash("sha256");
  hash.update(`format ${FILE_FORMAT}`);
  const folder = dirname(fileURLToPath(import.meta.url));
  for (const file of readdirSync(folder).sort())
    if (/\.(ts|js|json)$/.test(file)) {
      hash.update(file);
      hash.update(readFileSync(join(folder, file)));
    }
  const require = createRequire(import.meta.url);
  const stemmers = require("snowball-stemmers/package.json") as { version?: string };
  hash.update(`snowball-stemmers ${stemmers.version ?? "?"}`);
  stamp = hash.digest("hex");
  return stamp;
}

/** The cache key of indexes for knowledge with this fingerprint, built by this code. */
export function cacheKey(fingerprint: string, stamp: string = engineStamp()): string {
  return createHash("sha256").update(stamp).update(fingerprint).digest("hex");
}

/** The cache file for a key inside `directory`. */
export function cacheFile(directory: string, key: string): string {
  return join(directory, `${key.slice(0, 32)}.idx`);
}

/** Indexes read back, or why the file was not used. */
export type CacheRead =
  | { readonly hit: true; readonly languages: PackedLanguage[] }
  | { readonly hit: false; readonly reason: string };

/** Reads the indexes stored for `key`, checking everything before trusting any of it. */
export async function readIndexCache(file: string, key: string): Promise<CacheRead> {
  let bytes: Uint8Array;
  try {
    bytes = await readWhole(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { hit: false, reason: code === "ENOENT" ? "no cache yet" : `unreadable (${code})` };
  }
  return decodeIndexCache(bytes, key);
}

/**
 * The whole file, read in pieces into one buffer: `readFile` refuses files over 2 GiB, and the
 * index of a million paragraphs is about that size.
 */
async function readWhole(file: string): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(bytes, done, Math.min(READ_PIECE, size - done), done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    await handle.close();
  }
}

/** Bytes per read of a cache file. */
const READ_PIECE = 64 * 1024 * 1024;

/** {@link readIndexCache} on bytes already read. */
export function decodeIndexCache(bytes: Uint8Array, key: string): CacheRead {
  const miss = (reason: string): CacheRead => ({ hit: false, reason });
  const text = new TextDecoder();
  if (bytes.byteLength < 12 || text.decode(bytes.subarray(0, 8)) !== MAGIC)
    return miss("not an index cache file of this format");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const payloadStart = align(12 + headerLength);
  if (payloadStart > bytes.byteLength) return miss("truncated header");
  let header: { key?: unknown; checksum?: unknown; size?: unknown; tree?: unknown };
  try {
    header = JSON.parse(text.decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    return miss("unreadable header");
  }
  if (header.key !== key) return miss("built for other knowledge or another engine version");
  if (header.size !== bytes.byteLength - payloadStart) return miss("truncated payload");
  let payload = bytes.subarray(payloadStart);
  if (createHash("sha256").update(payload).digest("hex") !== header.checksum)
    return miss("checksum mismatch");
  // Typed arrays need their alignment; small buffers from the pool may not have it.
  if (payload.byteOffset % 8 !== 0) payload = new Uint8Array(payload);
  try {
    const languages = unpack(header.tree, payload);
    if (!isPackedLanguages(languages)) return miss("unexpected contents");
    return { hit: true, languages };
  } catch (error) {
    if (error instanceof PackingError) return miss(error.message);
    throw error;
  }
}

/**
 * Writes the indexes under `key` (to a temporary name, then renamed, so a crash never leaves a
 * half-written file under the real name) and removes all but the newest files.
 */
export async function writeIndexCache(
  file: string,
  key: string,
  languages: readonly PackedLanguage[],
): Promise<void> {
  const { header, pieces, size } = pack(languages);
  const checksum = createHash("sha256");
  for (const piece of pieces) checksum.update(piece);
  const headerBytes = new TextEncoder().encode(
    JSON.stringify({ key, checksum: checksum.digest("hex"), size, tree: header }),
  );
  const prefix = new Uint8Array(align(12 + headerBytes.byteLength));
  prefix.set(new TextEncoder().encode(MAGIC));
  new DataView(prefix.buffer).setUint32(8, headerBytes.byteLength, true);
  prefix.set(headerBytes, 12);
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writev([prefix, ...pieces]);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  await pruneIndexCache(dirname(file), file);
}

async function pruneIndexCache(directory: string, keep: string): Promise<void> {
  const files = (await readdir(directory)).filter((f) => f.endsWith(".idx"));
  const dated = await Promise.all(
    files.map(async (f) => ({
      path: join(directory, f),
      time: (await stat(join(directory, f))).mtimeMs,
    })),
  );
  dated.sort((a, b) => b.time - a.time);
  for (const { path } of dated.filter((d) => d.path !== keep).slice(KEEP_FILES - 1))
    await rm(path, { force: true });
}

function align(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}

function isPackedLanguages(value: unknown): value is PackedLanguage[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        entry &&
        typeof entry === "object" &&
        isLanguage((entry as { language?: unknown }).language) &&
        typeof (entry as { index?: { size?: unknown } }).index?.size === "number",
    )
  );
}
