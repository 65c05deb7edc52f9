import yauzl from "yauzl";
import { ImportError } from "./errors.js";
import { MAX_COMPRESSION_RATIO, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from "./limits.js";

/** Limits a zip must keep to before any library unpacks it. */
export interface ZipLimits {
  readonly maxUnpackedBytes: number;
  readonly maxRatio: number;
  readonly maxEntries: number;
}

const DEFAULT_LIMITS: ZipLimits = {
  maxUnpackedBytes: MAX_UNPACKED_BYTES,
  maxRatio: MAX_COMPRESSION_RATIO,
  maxEntries: MAX_ZIP_ENTRIES,
};

const megabytes = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Checks a zip (a DOCX) against zip bombs before mammoth sees it: the entry count, each
 * entry's compression ratio and the total unpacked size, first as the directory declares
 * them and then by actually inflating every entry with a running count (yauzl also refuses
 * an entry whose real size differs from the declared one), so a lying header cannot get a
 * bomb through. Returns the unpacked text of the entries asked for in `keep`.
 *
 * @throws {ImportError} naming the source and what is wrong with the zip
 */
export async function inspectZip(
  name: string,
  bytes: Uint8Array,
  keep: readonly string[],
  limits: ZipLimits = DEFAULT_LIMITS,
): Promise<{ entries: Set<string>; kept: Map<string, string> }> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.readUInt32LE(0) !== 0x04034b50) {
    throw new ImportError(
      name,
      "not a DOCX file: it is not a zip archive (a .doc? save it as .docx)",
    );
  }
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw new ImportError(
      name,
      `not a readable DOCX: broken zip archive (${(error as Error).message})`,
    );
  }
  const entries = new Set<string>();
  const kept = new Map<string, string>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entries.size >= limits.maxEntries) {
        throw new ImportError(
          name,
          `refused: the zip holds more than ${limits.maxEntries} entries`,
        );
      }
      entries.add(entry.fileName);
      const declared = entry.uncompressedSize;
      if (
        declared / Math.max(entry.compressedSize, 1) > limits.maxRatio &&
        declared > 1024 * 1024
      ) {
        throw new ImportError(
          name,
          `refused as a zip bomb: ${entry.fileName} unpacks ${Math.round(declared / Math.max(entry.compressedSize, 1))} times its packed size`,
        );
      }
      if (total + declared > limits.maxUnpackedBytes) {
        throw new ImportError(
          name,
          `refused as a zip bomb: it unpacks to more than ${megabytes(limits.maxUnpackedBytes)}`,
        );
      }
      if (entry.fileName.endsWith("/")) continue;
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > limits.maxUnpackedBytes) {
          stream.destroy();
          throw new ImportError(
            name,
            `refused as a zip bomb: it unpacks to more than ${megabytes(limits.maxUnpackedBytes)}`,
          );
        }
        if (keep.includes(entry.fileName)) chunks.push(chunk);
      }
      if (keep.includes(entry.fileName))
        kept.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (/too many bytes/.test((error as Error).message)) {
      throw new ImportError(
        name,
        "refused as a zip bomb: an entry unpacks to more than its header declares",
      );
    }
    throw new ImportError(
      name,
      `not a readable DOCX: broken zip archive (${(error as Error).message})`,
    );
  } finally {
    zip.close();
  }
  return { entries, kept };
}
