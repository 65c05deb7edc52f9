import { cleanPage } from "../cleaner.js";
import { decodeText } from "../decode.js";
import { ImportError } from "../errors.js";
import { joinLines } from "../text-joining.js";
import type { Block, Extracted, LoadedSource } from "../types.js";

/** Decodes a text source, converting from a detected encoding when it is not UTF-8. */
export function decodeSource(source: LoadedSource): { text: string; notes: string[] } {
  const decoded = decodeText(source.bytes, source.charset);
  if (!decoded) {
    throw new ImportError(
      source.name,
      "not readable as text: it is not UTF-8 and no other encoding fits; save it as UTF-8",
    );
  }
  const notes = decoded.guessed
    ? [`read as ${decoded.encoding} (detected), converted to UTF-8`]
    : [];
  if (/[\u0000-\u0008\u000e-\u001f]/.test(decoded.text.slice(0, 4096))) {
    throw new ImportError(source.name, "not a text file: it holds binary data");
  }
  return { text: decoded.text, notes };
}

/**
 * Splits plain text into paragraphs: blocks separated by blank lines, their lines joined
 * (hyphenation undone). A text with no blank line at all has one paragraph per line.
 */
export function textBlocks(text: string): Block[] {
  const lines = text.split(/\r\n|\r|\n/);
  const hasBlankLine = lines.some((line, i) => line.trim() === "" && i > 0 && i < lines.length - 1);
  const groups: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === "" || !hasBlankLine) {
      if (current.length) groups.push(current);
      current = [];
      if (!hasBlankLine && line.trim()) groups.push([line]);
      continue;
    }
    current.push(line);
  }
  if (current.length) groups.push(current);
  return groups
    .map((group) => joinLines(group))
    .filter((text) => text !== "")
    .map((text) => ({ kind: "paragraph" as const, text }));
}

/** Reads a plain-text source, such as a saved web page: paragraphs, then the page cleaner. */
export function extractText(source: LoadedSource): Extracted {
  const { text, notes } = decodeSource(source);
  const cleaned = cleanPage(textBlocks(text), {});
  return { blocks: cleaned.blocks, metadata: cleaned.metadata, notes };
}
