import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { isSeq, LineCounter, parseDocument } from "yaml";
import { KnowledgeError } from "./errors.js";
import { combineDigests, documentDigest } from "./fingerprint.js";
import { type FrontMatterField, splitFrontMatter, splitParagraphs } from "./front-matter.js";
import { parsePublished } from "./published.js";
import {
  type AliasGroup,
  type DocumentMetadata,
  type DocumentVersion,
  isLanguage,
  type KnowledgeBase,
  type KnowledgeDocument,
  LANGUAGES,
  type Language,
} from "./types.js";

/** How many documents are read at once. */
const READ_AHEAD = 16;

/**
 * Starts `read` for every item, at most `width` at a time; the promises come back in item order.
 * Each is marked handled, since the caller stops awaiting at the first failure.
 */
function inLanes<T, R>(
  items: readonly T[],
  width: number,
  read: (item: T) => Promise<R>,
): Promise<R>[] {
  const lanes: Promise<unknown>[] = Array.from({ length: width }, () => Promise.resolve());
  return items.map((item, i) => {
    const result = (lanes[i % width] as Promise<unknown>).then(() => read(item));
    lanes[i % width] = result.catch(() => {});
    return result;
  });
}

/** File at the root of the knowledge folder that lists names meaning the same thing. */
export const ALIASES_FILE = "aliases.yaml";

const DOCUMENT_ID = /^[a-z0-9][a-z0-9_-]{0,47}$/;
const KNOWN_FIELDS = [
  "title",
  "author",
  "source",
  "published",
  "url",
  "original",
  "translated_from",
  "examples",
];
/** Example questions per file: /start shows three, a few more leave room to choose. */
const MAX_EXAMPLES = 10;
/** Longer questions would not fit on a button. */
const MAX_EXAMPLE_LENGTH = 120;
const utf8 = new TextDecoder("utf-8", { fatal: true });

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new KnowledgeError(
      file,
      1,
      `unreadable file (${code}): check that it is a readable file`,
    );
  }
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new KnowledgeError(
      file,
      1,
      "unreadable file: it is not valid UTF-8 text; save it as UTF-8",
    );
  }
}

function requireString(
  file: string,
  fields: ReadonlyMap<string, FrontMatterField>,
  name: string,
  line: number,
): string {
  const field = fields.get(name);
  if (!field)
    throw new KnowledgeError(file, line, `missing required field '${name}' in the front matter`);
  return checkString(file, field, name);
}

function checkString(file: string, field: FrontMatterField, name: string): string {
  if (typeof field.value !== "string" || field.value.trim() === "") {
    throw new KnowledgeError(file, field.line, `field '${name}' must be non-empty text`);
  }
  return field.value.trim();
}

function readMetadata(file: string, fields: ReadonlyMap<string, FrontMatterField>, line: number) {
  for (const [name, field] of fields) {
    if (!KNOWN_FIELDS.includes(name)) {
      throw new KnowledgeError(
        file,
        field.line,
        `unknown field '${name}' (known fields: ${KNOWN_FIELDS.join(", ")})`,
      );
    }
  }
  const title = requireString(file, fields, "title", line);
  const source = requireString(file, fields, "source", line);
  const publishedField = fields.get("published");
  if (!publishedField) {
    throw new KnowledgeError(file, line, "missing required field 'published' in the front matter");
  }
  const publishedRaw = String(publishedField.value ?? "").trim();
  const published = parsePublished(publishedRaw);
  if (!published) {
    throw new KnowledgeError(
      file,
      publishedField.line,
      `field 'published' is '${publishedRaw}': write it as precisely as the source does, YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD when the source gives no year`,
    );
  }
  const metadata: { -readonly [K in keyof DocumentMetadata]: DocumentMetadata[K] } = {
    title,
    source,
    published,
  };
  const author = fields.get("author");
  if (author) metadata.author = checkString(file, author, "author");
  const url = fields.get("url");
  if (url) {
    const value = checkString(file, url, "url");
    if (!/^https?:\/\/\S+$/.test(value)) {
      throw new KnowledgeError(
        file,
        url.line,
        `field 'url' must be an http(s) address, got '${value}'`,
      );
    }
    metadata.url = value;
  }
  return metadata;
}

/** The optional `examples` list: questions this version answers, offered by /start. */
function readExamples(file: string, field: FrontMatterField | undefined): string[] | undefined {
  if (!field) return undefined;
  const { value, line } = field;
  if (!Array.isArray(value) || value.length === 0)
    throw new KnowledgeError(
      file,
      line,
      "field 'examples' must be a list of questions, one '- question' line each",
    );
  if (value.length > MAX_EXAMPLES)
    throw new KnowledgeError(
      file,
      line,
      `field 'examples' has ${value.length} questions; at most ${MAX_EXAMPLES}`,
    );
  return value.map((item: unknown, i) => {
    if (typeof item !== "string" || item.trim() === "")
      throw new KnowledgeError(file, line, `examples item ${i + 1} must be non-empty text`);
    const text = item.trim();
    if (text.length > MAX_EXAMPLE_LENGTH)
      throw new KnowledgeError(
        file,
        line,
        `examples item ${i + 1} is ${text.length} characters long; at most ${MAX_EXAMPLE_LENGTH} fit on a button`,
      );
    return text;
  });
}

/** A version as read, with the line numbers later checks point at. */
interface ReadVersion {
  readonly version: DocumentVersion;
  readonly paragraphLines: readonly number[];
  readonly originalLine: number;
}

async function readVersion(file: string, language: Language): Promise<ReadVersion> {
  const split = splitFrontMatter(file, await readText(file));
  const metadata = readMetadata(file, split.fields, split.frontMatterLine);
  const originalField = split.fields.get("original");
  const fromField = split.fields.get("translated_from");
  if (originalField && originalField.value !== true) {
    throw new KnowledgeError(
      file,
      originalField.line,
      "field 'original' can only be 'true'; translations use 'translated_from: <lang>' instead",
    );
  }
  if (originalField && fromField) {
    throw new KnowledgeError(
      file,
      fromField.line,
      "a file is either the original ('original: true') or a translation ('translated_from'), not both",
    );
  }
  if (!originalField && !fromField) {
    throw new KnowledgeError(
      file,
      split.frontMatterLine,
      "say what this file is: 'original: true' for the document as published, or 'translated_from: <lang>' for a translation",
    );
  }
  let translatedFrom: Language | undefined;
  if (fromField) {
    if (!isLanguage(fromField.value)) {
      throw new KnowledgeError(
        file,
        fromField.line,
        `unknown language code '${String(fromField.value)}' in 'translated_from' (expected one of ${LANGUAGES.join(", ")})`,
      );
    }
    translatedFrom = fromField.value;
  }
  const paragraphs = splitParagraphs(split.bodyLines, split.bodyStartLine);
  if (paragraphs.length === 0) {
    throw new KnowledgeError(
      file,
      split.bodyStartLine,
      "empty body: write the document's paragraphs after the front matter, separated by blank lines",
    );
  }
  const examples = readExamples(file, split.fields.get("examples"));
  const version: DocumentVersion = {
    language,
    file,
    metadata,
    ...(examples ? { examples } : {}),
    paragraphs: paragraphs.map((p) => p.text),
    original: Boolean(originalField),
    ...(translatedFrom ? { translatedFrom } : {}),
  };
  return {
    version,
    paragraphLines: paragraphs.map((p) => p.line),
    originalLine: originalField?.line ?? 1,
  };
}

async function readDocument(directory: string, name: string): Promise<KnowledgeDocument> {
  const folder = join(directory, name);
  const id = name.toLowerCase();
  if (!DOCUMENT_ID.test(id)) {
    throw new KnowledgeError(
      folder,
      1,
      `document folder name '${name}' is not a valid id: use lowercase letters, digits, '-' and '_' (at most 48)`,
    );
  }
  const entries = (await readdir(folder)).filter((f) => !f.startsWith(".")).sort();
  const read: ReadVersion[] = [];
  for (const entry of entries) {
    const file = join(folder, entry);
    const match = /^(.+)\.md$/.exec(entry);
    if (!match) continue; // notes, images and the like may live beside the texts
    const code = match[1] ?? "";
    if (!isLanguage(code)) {
      throw new KnowledgeError(
        file,
        1,
        `unknown language code '${code}' in the file name (expected ${LANGUAGES.map((l) => `${l}.md`).join(", ")})`,
      );
    }
    read.push(await readVersion(file, code));
  }
  if (read.length === 0) {
    throw new KnowledgeError(
      folder,
      1,
      `document folder has no language files: add ${LANGUAGES.map((l) => `${l}.md`).join(", ")} (at least the original)`,
    );
  }
  const originals = read.filter((r) => r.version.original);
  const original = originals[0]?.version;
  const second = originals[1];
  if (!original) {
    const first = read[0]?.version.file ?? folder;
    throw new KnowledgeError(
      first,
      1,
      `document '${id}' has no original: mark the file that is the document as published with 'original: true'`,
    );
  }
  if (second) {
    throw new KnowledgeError(
      second.version.file,
      second.originalLine,
      `document '${id}' has two originals (${original.file} and this file): only one file may say 'original: true'`,
    );
  }
  for (const { version, paragraphLines } of read) {
    if (version.original) continue;
    if (version.translatedFrom !== original.language) {
      throw new KnowledgeError(
        version.file,
        1,
        `'translated_from: ${version.translatedFrom}' does not name the original, which is ${original.language}.md`,
      );
    }
    const have = version.paragraphs.length;
    const want = original.paragraphs.length;
    if (have !== want) {
      const line = have > want ? (paragraphLines[want] ?? 1) : (paragraphLines[have - 1] ?? 1);
      throw new KnowledgeError(
        version.file,
        line,
        `has ${have} paragraphs but the original ${original.file} has ${want}: paragraph i of every translation must translate paragraph i of the original`,
      );
    }
    if (version.metadata.published.raw !== original.metadata.published.raw) {
      throw new KnowledgeError(
        version.file,
        1,
        `'published: ${version.metadata.published.raw}' differs from the original's '${original.metadata.published.raw}'`,
      );
    }
  }
  const byLanguage: Partial<Record<Language, DocumentVersion>> = {};
  for (const { version } of read) byLanguage[version.language] = version;
  return {
    id,
    originalLanguage: original.language,
    versions: byLanguage,
    paragraphCount: original.paragraphs.length,
  };
}

async function readAliases(file: string): Promise<AliasGroup[]> {
  try {
    await stat(file);
  } catch {
    return []; // aliases are optional
  }
  const text = await readText(file);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const reason = yamlError.message.split("\n")[0] ?? "invalid YAML";
    throw new KnowledgeError(
      file,
      counter.linePos(yamlError.pos[0]).line,
      `malformed aliases: ${reason}`,
    );
  }
  if (doc.contents === null) return [];
  if (!isSeq(doc.contents)) {
    throw new KnowledgeError(
      file,
      1,
      "aliases must be a list of groups, each a list of names: - [EEU, EAEU, ЕАЭС, 欧亚经济联盟]",
    );
  }
  return doc.contents.items.map((item) => {
    const line = counter.linePos(item.range?.[0] ?? 0).line;
    const names: unknown = item.toJSON();
    if (
      !Array.isArray(names) ||
      names.length < 2 ||
      !names.every((n) => typeof n === "string" && n.trim())
    ) {
      throw new KnowledgeError(
        file,
        line,
        "each alias group must list at least two non-empty names",
      );
    }
    return names.map((n: string) => n.trim());
  });
}

/**
 * Reads and validates the knowledge folder: one sub-folder per document holding `en.md`,
 * `ru.md`, `zh.md` (any subset, exactly one marked original), plus an optional `aliases.yaml`.
 *
 * @throws {KnowledgeError} naming the file, line and problem of the first invalid thing found
 */
export async function loadKnowledge(directory: string): Promise<KnowledgeBase> {
  let entries: string[];
  try {
    entries = (await readdir(directory)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new KnowledgeError(
      directory,
      1,
      `cannot read the knowledge folder (${code}): set KNOWLEDGE_DIR to a folder of documents`,
    );
  }
  const folders: string[] = [];
  for (const name of entries) {
    if (name.startsWith(".")) continue;
    const path = join(directory, name);
    if ((await stat(path)).isDirectory()) folders.push(name);
  }
  // Documents are read a few at a time (the disk, not parsing, is what a large folder waits
  // on) and checked in folder order, so the error reported is the first in that order.
  const reads = inLanes(folders, READ_AHEAD, (name) => readDocument(directory, name));
  const documents: KnowledgeDocument[] = [];
  const digests: string[] = [];
  const seen = new Map<string, string>();
  for (const [i, name] of folders.entries()) {
    const path = join(directory, name);
    const document = await (reads[i] as Promise<KnowledgeDocument>);
    const previous = seen.get(document.id);
    if (previous) {
      throw new KnowledgeError(
        path,
        1,
        `duplicate document id '${document.id}': folders '${previous}' and '${name}' name the same document; rename one`,
      );
    }
    seen.set(document.id, name);
    documents.push(document);
    digests.push(documentDigest(document));
  }
  if (documents.length === 0) {
    throw new KnowledgeError(
      directory,
      1,
      "no documents: add a folder per document with an en.md, ru.md or zh.md in it (see README)",
    );
  }
  const aliases = await readAliases(join(directory, ALIASES_FILE));
  return { directory, documents, aliases, fingerprint: combineDigests(digests, aliases) };
}
