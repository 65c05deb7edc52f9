/**
 * Built indexes on disk, so that a start with unchanged knowledge reads them instead of
 * building them again. A file is keyed by a hash of the knowledge's fingerprint and of the code
 * and data that build an index ({@link engineStamp}); it carries a checksum of its payload. A
 * file that is stale, truncated or altered is reported as a miss with the reason, never trusted.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isLanguage } from "../knowledge/types.js";
import type { PackedLanguage } from "./build.js";
import { arrayFor, PackingError, pack, referencesIn, type TypedArray, unpack } from "./packing.js";

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
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { hit: false, reason: code === "ENOENT" ? "no cache yet" : `unreadable (${code})` };
  }
  try {
    return await readOpened(handle, key);
  } catch (error) {
    if (error instanceof PackingError) return { hit: false, reason: error.message };
    return { hit: false, reason: `unreadable (${(error as Error).message})` };
  } finally {
    await handle.close();
  }
}

async function readOpened(handle: FileHandle, key: string): Promise<CacheRead> {
  const miss = (reason: string): CacheRead => ({ hit: false, reason });
  const { size } = await handle.stat();
  const prefix = new Uint8Array(12);
  const text = new TextDecoder();
  if (!(await readExactly(handle, prefix, 0)) || text.decode(prefix.subarray(0, 8)) !== MAGIC)
    return miss("not an index cache file of this format");
  const headerLength = new DataView(prefix.buffer).getUint32(8, true);
  const payloadStart = align(12 + headerLength);
  if (payloadStart > size) return miss("truncated header");
  const headerBytes = new Uint8Array(headerLength);
  await readExactly(handle, headerBytes, 12);
  let header: { key?: unknown; checksum?: unknown; size?: unknown; tree?: unknown };
  try {
    header = JSON.parse(text.decode(headerBytes));
  } catch {
    return miss("unreadable header");
  }
  if (header.key !== key) return miss("built for other knowledge or another engine version");
  const payloadSize = size - payloadStart;
  if (header.size !== payloadSize) return miss("truncated payload");
  // Each array into a buffer of its own, the checksum taken over every byte on the way.
  const checksum = createHash("sha256");
  const arrays = new Map<number, TypedArray>();
  let position = 0;
  const hashGap = async (until: number) => {
    if (until <= position) return;
    const gap = new Uint8Array(until - position);
    await readExactly(handle, gap, payloadStart + position);
    checksum.update(gap);
  };
  for (const reference of referencesIn(header.tree, payloadSize)) {
    await hashGap(reference.offset);
    const array = arrayFor(reference);
    const bytes = new Uint8Array(array.buffer);
    if (!(await readExactly(handle, bytes, payloadStart + reference.offset)))
      return miss("truncated payload");
    checksum.update(bytes);
    arrays.set(reference.offset, array);
    position = reference.offset + bytes.byteLength;
  }
  await hashGap(payloadSize);
  if (checksum.digest("hex") !== header.checksum) return miss("checksum mismatch");
  const languages = unpack(header.tree, arrays);
  if (!isPackedLanguages(languages)) return miss("unexpected contents");
  return { hit: true, languages };
}

/** Fills `target` from `position` on, in pieces; false when the file ends first. */
async function readExactly(
  handle: FileHandle,
  target: Uint8Array,
  position: number,
): Promise<boolean> {
  let done = 0;
  while (done < target.byteLength) {
    const { bytesRead } = await handle.read(
      target,
      done,
      Math.min(READ_PIECE, target.byteLength - done),
      position + done,
    );
    if (bytesRead === 0) return false;
    done += bytesRead;
  }
  return true;
}

/** Bytes per read of a cache file. */
const READ_PIECE = 64 * 1024 * 1024;

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
