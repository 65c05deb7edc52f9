import chardet from "chardet";
import iconv from "iconv-lite";

/** Text decoded from bytes, with the encoding it was read as. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: string;
  /** `true` when the encoding was guessed from the bytes rather than stated or UTF-8. */
  readonly guessed: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, "");
}

/**
 * Decodes text that may not be UTF-8: a byte-order mark or a stated charset wins, valid
 * UTF-8 is taken as such, and anything else is detected statistically (chardet) and
 * converted with iconv-lite. Returns `undefined` when no encoding fits.
 */
export function decodeText(bytes: Uint8Array, statedCharset?: string): DecodedText | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return {
      text: iconv.decode(buffer.subarray(2), "utf-16le"),
      encoding: "UTF-16LE",
      guessed: false,
    };
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    return {
      text: iconv.decode(buffer.subarray(2), "utf-16be"),
      encoding: "UTF-16BE",
      guessed: false,
    };
  }
  const stated = statedCharset?.trim().toLowerCase();
  if (stated && stated !== "utf-8" && stated !== "utf8" && iconv.encodingExists(stated)) {
    return { text: stripBom(iconv.decode(buffer, stated)), encoding: stated, guessed: false };
  }
  try {
    return { text: stripBom(utf8.decode(buffer)), encoding: "UTF-8", guessed: false };
  } catch {
    // not UTF-8: detect below
  }
  const candidates = chardet.analyse(buffer);
  for (const candidate of candidates) {
    const name = candidate.name;
    if (name === "UTF-8" || !iconv.encodingExists(name)) continue;
    const text = iconv.decode(buffer, name);
    if (text.includes("\uFFFD")) continue;
    return { text: stripBom(text), encoding: name, guessed: true };
  }
  return undefined;
}
