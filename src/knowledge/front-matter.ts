import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { KnowledgeError } from "./errors.js";

/** A front-matter value with the line it was written on. */
export interface FrontMatterField {
  readonly value: unknown;
  readonly line: number;
}

/** A knowledge file split into its front matter and its body. */
export interface SplitFile {
  readonly fields: ReadonlyMap<string, FrontMatterField>;
  /** Line of the opening `---`. */
  readonly frontMatterLine: number;
  /** Body lines and the 1-based line number of the first of them. */
  readonly bodyLines: readonly string[];
  readonly bodyStartLine: number;
}

const FENCE = /^---\s*$/;

/**
 * Splits `text` into YAML front matter and body, keeping line numbers so that errors can
 * point at the line they apply to.
 */
export function splitFrontMatter(file: string, text: string): SplitFile {
  const lines = text.split(/\r\n|\r|\n/);
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first === -1 || !FENCE.test(lines[first] ?? "")) {
    throw new KnowledgeError(
      file,
      first === -1 ? 1 : first + 1,
      "missing front matter: the file must start with a line '---', the fields (title, source, published, …), and another '---'",
    );
  }
  const closing = lines.findIndex((line, i) => i > first && FENCE.test(line));
  if (closing === -1) {
    throw new KnowledgeError(
      file,
      first + 1,
      "malformed front matter: the opening '---' is never closed by another '---' line",
    );
  }
  const yamlText = lines.slice(first + 1, closing).join("\n");
  const lineOffset = first + 1; // YAML line 1 is file line first + 2
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const at = yamlError.pos[0];
    const line = counter.linePos(at).line + lineOffset;
    const reason = yamlError.message.split("\n")[0] ?? "invalid YAML";
    throw new KnowledgeError(file, line, `malformed front matter: ${reason}`);
  }
  const fields = new Map<string, FrontMatterField>();
  if (doc.contents !== null) {
    if (!isMap(doc.contents)) {
      throw new KnowledgeError(
        file,
        first + 2,
        "malformed front matter: expected 'field: value' lines between the '---' lines",
      );
    }
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const start = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
      const value = isScalar(pair.value) ? pair.value.value : (pair.value?.toJSON() ?? null);
      fields.set(key, { value, line: counter.linePos(start).line + lineOffset });
    }
  }
  return {
    fields,
    frontMatterLine: first + 1,
    bodyLines: lines.slice(closing + 1),
    bodyStartLine: closing + 2,
  };
}

/** A paragraph of the body with the line it starts on. */
export interface BodyParagraph {
  readonly text: string;
  readonly line: number;
}

const HAN_END = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;
const HAN_START = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Paragraphs are separated by blank lines. Lines inside a paragraph are joined with a
 * space, except between Chinese characters, where a line break is no word boundary.
 */
export function splitParagraphs(lines: readonly string[], startLine: number): BodyParagraph[] {
  const paragraphs: BodyParagraph[] = [];
  let text = "";
  let line = 0;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === "") {
      if (text) paragraphs.push({ text, line });
      text = "";
      return;
    }
    if (!text) {
      text = trimmed;
      line = startLine + i;
    } else {
      text += HAN_END.test(text) && HAN_START.test(trimmed) ? trimmed : ` ${trimmed}`;
    }
  });
  if (text) paragraphs.push({ text, line });
  return paragraphs;
}
