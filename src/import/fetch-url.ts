import {
  imageType,
  kindFromBytes,
  kindFromMediaType,
  kindFromName,
  NOT_A_DOCUMENT,
} from "./detect-kind.js";
import { ImportError } from "./errors.js";
import { FETCH_TIMEOUT_MS, MAX_REDIRECTS, MAX_SOURCE_BYTES } from "./limits.js";
import type { LoadedSource } from "./types.js";

/** Limits of a download; the defaults suit the command line and the bot. */
export interface FetchLimits {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
}

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Reads a response body, stopping as soon as it grows past `maxBytes`. */
async function readLimited(
  name: string,
  response: Response,
  maxBytes: number,
): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ImportError(name, `too large: the page is more than ${megabytes(maxBytes)}`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") {
    return `timed out: no complete answer within ${timeoutMs / 1000} s`;
  }
  const cause = err.cause?.code ?? err.cause?.message ?? err.message;
  return `cannot be fetched (${cause})`;
}

/** A downloaded body with what the server said about it. */
export interface Downloaded {
  readonly bytes: Uint8Array;
  /** `Content-Type` without parameters, lowercase; empty when the server gave none. */
  readonly mediaType: string;
  readonly charset?: string;
  /** The address after redirects. */
  readonly finalUrl: string;
}

/**
 * Downloads a URL with the global fetch: at most `maxBytes` (checked against
 * `Content-Length` and again while reading), within `timeoutMs` for the whole download, and
 * following at most `maxRedirects` redirects. Pictures, audio and video are refused by
 * their `Content-Type`.
 *
 * @throws {ImportError} naming the URL and the problem
 */
export async function download(url: string, limits: FetchLimits = {}): Promise<Downloaded> {
  const timeoutMs = limits.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = limits.maxBytes ?? MAX_SOURCE_BYTES;
  const maxRedirects = limits.maxRedirects ?? MAX_REDIRECTS;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new ImportError(url, "not a valid URL");
  }
  if (current.protocol !== "http:" && current.protocol !== "https:") {
    throw new ImportError(url, `only http and https URLs can be imported, not ${current.protocol}`);
  }
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(current, {
        redirect: "manual",
        signal,
        headers: {
          accept: "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5",
        },
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        if (redirects >= maxRedirects) {
          throw new ImportError(
            url,
            `too many redirects (more than ${maxRedirects}): the address loops or keeps moving`,
          );
        }
        current = new URL(location, current);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new ImportError(
          url,
          `the server answered ${response.status} ${response.statusText}`.trim(),
        );
      }
      const contentType = response.headers.get("content-type") ?? "";
      const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
      const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
      if (NOT_A_DOCUMENT.test(mediaType)) {
        await response.body?.cancel().catch(() => undefined);
        throw new ImportError(url, `not a document: the server returns ${mediaType}`);
      }
      const declared = Number(response.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new ImportError(
          url,
          `too large: the page is ${megabytes(declared)}, more than ${megabytes(maxBytes)}`,
        );
      }
      const bytes = await readLimited(url, response, maxBytes);
      return { bytes, mediaType, finalUrl: current.href, ...(charset ? { charset } : {}) };
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(url, describeFailure(error, timeoutMs));
  }
}

/**
 * Downloads a URL (see {@link download}) and tells what kind of document it is: from the
 * first bytes, the `Content-Type`, or the URL's extension when the server is vague.
 *
 * @throws {ImportError} naming the URL and the problem, images included
 */
export async function fetchSource(url: string, limits: FetchLimits = {}): Promise<LoadedSource> {
  const { bytes, mediaType, charset, finalUrl } = await download(url, limits);
  const image = imageType(bytes);
  if (image) throw new ImportError(url, `not a document: the server returns a ${image}`);
  const path = new URL(finalUrl).pathname;
  const kind =
    kindFromBytes(bytes) ??
    (mediaType === "text/plain" ? (kindFromName(path) ?? "text") : undefined) ??
    kindFromMediaType(mediaType) ??
    kindFromName(path) ??
    (mediaType.startsWith("text/") ? "text" : undefined);
  if (!kind) {
    throw new ImportError(
      url,
      `not a document the importer reads: the server returns ${mediaType || "no content type"}`,
    );
  }
  return { name: url, kind, bytes, url: finalUrl, ...(charset ? { charset } : {}) };
}
