import mammoth from "mammoth";
import { cleanPage } from "../cleaner.js";
import { normalizeDate } from "../dates.js";
import { parseHtmlDocument } from "../dom.js";
import { ImportError } from "../errors.js";
import { htmlBlocks } from "../html-blocks.js";
import type { Extracted, LoadedSource, SourceMetadata } from "../types.js";
import { inspectZip } from "../zip-guard.js";

const CORE = "docProps/core.xml";
const BODY = "word/document.xml";

const decodeXml = (text: string): string =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) =>
      String.fromCodePoint(Number.parseInt(code, 16)),
    )
    .replace(/&amp;/g, "&");

function coreField(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  const value = match
    ? decodeXml(match[1] ?? "")
        .replace(/\s+/g, " ")
        .trim()
    : "";
  return value || undefined;
}

/**
 * The DOCX core properties that state metadata: `dc:title`, `dc:creator` and, when the
 * author filled it in, `dc:publisher`/`dcterms:issued`. `dcterms:created` is when the file
 * was made, not when the text was published, so it is not used.
 */
export function docxCoreMetadata(xml: string): SourceMetadata {
  const found: SourceMetadata = {};
  const title = coreField(xml, "dc:title");
  const author = coreField(xml, "dc:creator");
  const publisher = coreField(xml, "dc:publisher");
  const issued = coreField(xml, "dcterms:issued");
  if (title) found.title = title;
  if (author) found.author = author;
  if (publisher) found.source = publisher;
  const published = issued ? normalizeDate(issued) : undefined;
  if (published) found.published = published;
  return found;
}

/**
 * Reads a Word document: checked against zip bombs first, then converted by mammoth to
 * HTML (headings, paragraphs, lists, tables) and split into blocks like a web page.
 */
export async function extractDocx(source: LoadedSource): Promise<Extracted> {
  const { entries, kept } = await inspectZip(source.name, source.bytes, [CORE]);
  if (!entries.has(BODY)) {
    throw new ImportError(source.name, `not a Word document: the zip has no ${BODY}`);
  }
  const metadata = docxCoreMetadata(kept.get(CORE) ?? "");
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(source.bytes) });
    html = result.value;
  } catch (error) {
    throw new ImportError(
      source.name,
      `not a readable Word document (${(error as Error).message})`,
    );
  }
  const document = parseHtmlDocument(`<!doctype html><html><body>${html}</body></html>`);
  const root = document.body ?? document.documentElement;
  const cleaned = cleanPage(htmlBlocks(root), metadata);
  return { blocks: cleaned.blocks, metadata: cleaned.metadata, notes: [] };
}
