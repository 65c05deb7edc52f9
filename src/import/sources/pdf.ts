import { getDocumentProxy } from "unpdf";
import { cleanPage } from "../cleaner.js";
import { normalizeDate } from "../dates.js";
import { ImportError } from "../errors.js";
import {
  dropRunningLines,
  linesToBlocks,
  type PdfItem,
  type PdfLine,
  pageLines,
  readingOrder,
} from "../pdf-layout.js";
import type { Extracted, LoadedSource, SourceMetadata } from "../types.js";

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

const text = (value: unknown): string | undefined => {
  const result = typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
  return result ? result : undefined;
};

/** A title a tool wrote rather than the author ("Microsoft Word - draft3.docx", "untitled"). */
const toolTitle = (title: string): boolean =>
  /^(microsoft (word|powerpoint) - |untitled\b)|\.(docx?|pdf|odt|rtf|tex|indd)$/i.test(title);

/** An XMP value: a plain string, or the first entry of a language alternative or list. */
function xmpValue(value: unknown): string | undefined {
  if (typeof value === "string") return text(value);
  if (Array.isArray(value)) return xmpValue(value[0]);
  if (value && typeof value === "object") return xmpValue(Object.values(value)[0]);
  return undefined;
}

/**
 * Metadata the PDF states: the info dictionary (`Title`, `Author`) and XMP (`dc:title`,
 * `dc:creator`, `dc:publisher`, `prism:publicationName`, `prism:publicationDate`,
 * `prism:coverDate`). Creation and modification dates tell when the file was made, not
 * when the text was published, so they are not used.
 */
async function pdfMetadata(pdf: PdfDocument): Promise<SourceMetadata> {
  const found: SourceMetadata = {};
  const { info, metadata } = await pdf.getMetadata().catch(() => ({ info: {}, metadata: null }));
  const xmp = (key: string): string | undefined => {
    if (!metadata) return undefined;
    try {
      return xmpValue(metadata.get(key));
    } catch {
      return undefined;
    }
  };
  const dict = info as Record<string, unknown>;
  const title = xmp("dc:title") ?? text(dict.Title);
  if (title && !toolTitle(title)) found.title = title;
  const author = xmp("dc:creator") ?? text(dict.Author);
  if (author) found.author = author;
  const source = xmp("prism:publicationname") ?? xmp("dc:publisher");
  if (source) found.source = source;
  const date = xmp("prism:publicationdate") ?? xmp("prism:coverdate");
  const published = date ? normalizeDate(date) : undefined;
  if (published) found.published = published;
  return found;
}

/** Opens a PDF with pdf.js, turning its exceptions into one-line problems. */
async function openPdf(source: LoadedSource): Promise<PdfDocument> {
  const head = Buffer.from(source.bytes.subarray(0, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) {
    throw new ImportError(source.name, "not a PDF file: it does not start with %PDF-");
  }
  try {
    // pdf.js may keep the buffer it is given; hand it a copy.
    return await getDocumentProxy(new Uint8Array(source.bytes), { verbosity: 0 });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "PasswordException") {
      throw new ImportError(
        source.name,
        "encrypted PDF: it needs a password; save an unprotected copy",
      );
    }
    throw new ImportError(
      source.name,
      `not a readable PDF: the file is damaged (${(error as Error).message})`,
    );
  }
}

/** The positioned text items of one page. */
async function pageItems(pdf: PdfDocument, number: number) {
  const page = await pdf.getPage(number);
  const [, , width, height] = page.view;
  const content = await page.getTextContent();
  const items: PdfItem[] = [];
  for (const raw of content.items) {
    if (!("str" in raw) || raw.str === "") continue;
    const [a, b, , , x, y] = raw.transform as number[];
    const size = Math.hypot(a ?? 0, b ?? 0) || raw.height;
    items.push({ str: raw.str, x: x ?? 0, y: y ?? 0, width: raw.width, size });
  }
  page.cleanup();
  return { width: width ?? 612, height: height ?? 792, items };
}

/**
 * Reads a PDF's text layer with positions (pdf.js through unpdf) and rebuilds what a reader
 * sees: columns read one after the other, running headers, footers and page numbers
 * dropped, lines joined into paragraphs with hyphenation undone, headings apart.
 *
 * @throws {ImportError} for encrypted, damaged and scanned (text-less) PDFs
 */
export async function extractPdf(source: LoadedSource): Promise<Extracted> {
  const pdf = await openPdf(source);
  try {
    const pages: PdfLine[][] = [];
    let empty = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      let page: Awaited<ReturnType<typeof pageItems>>;
      try {
        page = await pageItems(pdf, number);
      } catch (error) {
        throw new ImportError(
          source.name,
          `not a readable PDF: page ${number} is damaged (${(error as Error).message})`,
        );
      }
      const lines = pageLines(page);
      if (lines.length === 0) empty++;
      pages.push(readingOrder(lines, page.width));
    }
    if (empty === pages.length) {
      throw new ImportError(
        source.name,
        "looks scanned: no text layer on any page; run OCR on it (e.g. ocrmypdf) and import the result",
      );
    }
    const metadata = await pdfMetadata(pdf);
    const kept = dropRunningLines(pages);
    const cleaned = cleanPage(linesToBlocks(kept), metadata);
    const notes =
      empty > 0 ? [`${empty} of ${pages.length} pages have no text layer (images?)`] : [];
    return { blocks: cleaned.blocks, metadata: cleaned.metadata, notes };
  } finally {
    await pdf.destroy();
  }
}
