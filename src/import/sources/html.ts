import { Readability } from "@mozilla/readability";
import { cleanPage } from "../cleaner.js";
import { type DomDocument, parseHtmlDocument } from "../dom.js";
import { htmlBlocks } from "../html-blocks.js";
import { htmlMetadata } from "../html-metadata.js";
import type { Extracted, LoadedSource } from "../types.js";
import { decodeSource } from "./text.js";

/** The charset a page declares in a `<meta>` tag, read from its first bytes. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

/** The article body as Readability (Firefox's reader view) finds it, or `undefined`. */
function readableArticle(document: DomDocument): DomDocument | undefined {
  type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
  const article = new Readability(document as unknown as ReadabilityDocument, {
    charThreshold: 200,
  }).parse();
  return article?.content
    ? parseHtmlDocument(`<!doctype html><html><body>${article.content}</body></html>`)
    : undefined;
}

/**
 * Reads a web page: its metadata (JSON-LD, Open Graph, meta tags), then its article body
 * as Firefox's reader view finds it (navigation, share bars, footers and sidebars left
 * behind), then the page cleaner for what remains (bylines, repeated title, chrome lines).
 */
export function extractHtml(source: LoadedSource): Extracted {
  const { text, notes } = decodeSource({
    ...source,
    charset: source.charset ?? declaredCharset(source.bytes),
  });
  const metadata = htmlMetadata(parseHtmlDocument(text));
  if (source.url && !metadata.url) metadata.url = source.url;
  const page = parseHtmlDocument(text);
  const article = readableArticle(page);
  const fallback = parseHtmlDocument(text);
  const root =
    article?.body ?? article?.documentElement ?? fallback.body ?? fallback.documentElement;
  const cleaned = cleanPage(htmlBlocks(root), metadata);
  return { blocks: cleaned.blocks, metadata: cleaned.metadata, notes };
}
