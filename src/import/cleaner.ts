import { parseByline } from "./byline.js";
import { isChrome } from "./chrome.js";
import { parseDateline } from "./dateline.js";
import { normalizeDate } from "./dates.js";
import type { Block, SourceMetadata } from "./types.js";

/** Blocks looked at for a title, a date and a byline before the text starts. */
const HEADER_WINDOW = 12;

const comparable = (text: string): string =>
  text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** A block that reads like running text: long, or a sentence of several words. */
function isBodyText(block: Block): boolean {
  if (block.kind === "heading") return false;
  const text = block.text;
  const cjk = (text.match(/\p{Script=Han}/gu) ?? []).length;
  if (text.length >= 100 || cjk >= 30) return true;
  const words = text.split(/\s+/).length;
  return /[.!?。！？…]["”»’)]?$/u.test(text) && (words >= 8 || cjk >= 12);
}

/** "Sergey Glaziev: Current International Partnership Model" → the part after the author. */
function withoutAuthorPrefix(title: string, author: string | undefined): string {
  if (!author) return title;
  const prefix = new RegExp(
    `^${author.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*[:：—–|-]\\s*`,
    "iu",
  );
  const rest = title.replace(prefix, "");
  return rest.trim() ? rest : title;
}

/** The blocks of the document and the metadata the page states around them. */
export interface CleanedPage {
  readonly blocks: readonly Block[];
  readonly metadata: SourceMetadata;
}

/**
 * Turns the blocks of a page into the blocks of the document, as a reader sees them: page
 * chrome dropped (calls to subscribe, breadcrumbs, share bars, "back to top", page
 * numbers), the header above the text read for metadata and dropped (title, category lines,
 * dates, byline lines such as "By … Source: … Published: …"), repeats of the title dropped,
 * and a news dateline ("July 24 (EIRNS)—") read for the date and agency. Metadata the
 * source states in a structured way (`known`) is kept; what is read here only fills gaps.
 */
export function cleanPage(input: readonly Block[], known: SourceMetadata): CleanedPage {
  const metadata: SourceMetadata = { ...known };
  let blocks = input.filter((block) => !isChrome(block.text));

  // Bylines near the top: read them, then the text starts after the last of them.
  let headerEnd = -1;
  for (const [i, block] of blocks.slice(0, HEADER_WINDOW).entries()) {
    const byline = parseByline(block.text);
    if (!byline) continue;
    metadata.author ??= byline.author;
    metadata.source ??= byline.source;
    metadata.published ??= byline.published;
    headerEnd = i;
  }
  const firstBody = blocks.findIndex((block, i) => i > headerEnd && isBodyText(block));
  let textStart: number;
  if (firstBody !== -1 && firstBody <= Math.max(headerEnd + 1, HEADER_WINDOW)) {
    textStart = firstBody;
  } else {
    // No running text near the top: only a byline (and what precedes it) is header.
    textStart = headerEnd + 1;
  }
  const header = blocks.slice(0, textStart);
  blocks = blocks.slice(textStart);

  const lines = header.map((block) => block.text.trim()).filter((t) => !parseByline(t));
  if (metadata.published === undefined) {
    const date = lines.map((t) => normalizeDate(t)).find((d) => d !== undefined);
    if (date) metadata.published = date;
  }
  const titleLines = lines.filter((t) => !normalizeDate(t));
  let rawTitle = metadata.title;
  if (rawTitle === undefined) {
    const counts = new Map<string, number>();
    for (const t of titleLines) counts.set(comparable(t), (counts.get(comparable(t)) ?? 0) + 1);
    const heading = header.find((b) => b.kind === "heading" && !normalizeDate(b.text))?.text;
    rawTitle =
      titleLines.find((t) => (counts.get(comparable(t)) ?? 0) > 1) ?? heading ?? titleLines[0];
    if (rawTitle === undefined && blocks[0]?.kind === "heading") {
      rawTitle = blocks[0].text;
    }
  }
  if (rawTitle !== undefined) {
    metadata.title = withoutAuthorPrefix(rawTitle.trim(), metadata.author);
    const repeats = new Set([comparable(rawTitle), comparable(metadata.title)]);
    blocks = blocks.filter((block) => !repeats.has(comparable(block.text)));
  }

  const first = blocks.find((block) => block.kind === "paragraph");
  const dateline = first ? parseDateline(first.text) : undefined;
  if (dateline) {
    metadata.published ??= dateline.published;
    metadata.source ??= dateline.agency;
  }
  return { blocks, metadata };
}
