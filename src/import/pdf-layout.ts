import { joinLines } from "./text-joining.js";
import type { Block } from "./types.js";

/** A run of text on a PDF page, positioned in PDF space (origin bottom left). */
export interface PdfItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** Font size, from the text matrix. */
  readonly size: number;
}

/** The text items of one page and its size. */
export interface PdfPage {
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfItem[];
}

/** A line of text in one column: its text, left and right edges, baseline and font size. */
export interface PdfLine {
  readonly text: string;
  readonly x: number;
  readonly right: number;
  readonly y: number;
  readonly size: number;
  /** Which column the line belongs to: 0 left or only, 1 right, -1 spanning both. */
  column: number;
}

const median = (values: readonly number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * Groups a page's items into lines: items on the same baseline, left to right, split where
 * the horizontal gap is wider than a column gutter could be between words (one em), so a
 * two-column page gives two lines per baseline.
 */
export function pageLines(page: PdfPage): PdfLine[] {
  const items = page.items
    .filter((item) => item.str.trim() !== "")
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PdfItem[][] = [];
  for (const item of items) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && Math.abs(first.y - item.y) <= Math.max(first.size, item.size) * 0.4) {
      row.push(item);
    } else rows.push([item]);
  }
  const lines: PdfLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let current: PdfItem[] = [];
    const emit = () => {
      const first = current[0];
      const last = current.at(-1);
      if (!first || !last) return;
      let text = "";
      let right = first.x;
      for (const item of current) {
        const gap = item.x - right;
        if (text && gap > item.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(item.str)) {
          text += " ";
        }
        text += item.str;
        right = item.x + item.width;
      }
      lines.push({
        text: text.replace(/\s+/g, " ").trim(),
        x: first.x,
        right,
        y: first.y,
        size: median(current.map((i) => i.size)),
        column: 0,
      });
      current = [];
    };
    let right = Number.NEGATIVE_INFINITY;
    for (const item of row) {
      if (current.length && item.x - right > item.size * 1.0) emit();
      current.push(item);
      right = Math.max(right, item.x + item.width);
    }
    emit();
  }
  return lines;
}

const PAGE_NUMBER =
  /^((page|p\.|стр\.?|страница|第)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(of|из|\/)\s*\d{1,4})?\s*页?$/i;
const repeatKey = (text: string): string =>
  text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();

/** Lines at the very top or bottom of a page, where running headers and footers sit. */
function marginLines(lines: readonly PdfLine[]): PdfLine[] {
  const sorted = [...lines].sort((a, b) => b.y - a.y);
  return [...sorted.slice(0, 2), ...sorted.slice(-2)];
}

/**
 * Drops running headers and footers: page numbers in the margin lines, and margin lines that
 * repeat (digits aside) on at least half of the pages.
 */
export function dropRunningLines(pages: readonly PdfLine[][]): PdfLine[][] {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    for (const key of new Set(marginLines(lines).map((l) => repeatKey(l.text)))) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const threshold = Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((lines) => {
    const margins = new Set(marginLines(lines));
    return lines.filter((line) => {
      if (!margins.has(line)) return true;
      if (PAGE_NUMBER.test(line.text)) return false;
      return (counts.get(repeatKey(line.text)) ?? 0) < threshold || pages.length < 2;
    });
  });
}

/**
 * Finds the gutter of a two-column page: an empty vertical band in the middle half of the
 * page with several lines wholly on each side. Returns its x, or `undefined`.
 */
export function findGutter(lines: readonly PdfLine[], width: number): number | undefined {
  if (lines.length < 6) return undefined;
  const bins = 100;
  const covered = new Array<number>(bins).fill(0);
  for (const line of lines) {
    const from = Math.max(0, Math.floor((line.x / width) * bins));
    const to = Math.min(bins - 1, Math.floor((line.right / width) * bins));
    for (let b = from; b <= to; b++) covered[b] = (covered[b] ?? 0) + 1;
  }
  // Lines crossing a candidate gutter (titles, full-width footers) may be a few.
  const allowed = Math.max(1, Math.floor(lines.length * 0.1));
  let best: { start: number; length: number } | undefined;
  let start = -1;
  for (let b = 25; b <= 75; b++) {
    if ((covered[b] ?? 0) <= allowed && b < 75) {
      if (start === -1) start = b;
      continue;
    }
    if (start !== -1) {
      const length = b - start;
      if (!best || length > best.length) best = { start, length };
      start = -1;
    }
  }
  if (!best) return undefined;
  const gutter = ((best.start + best.length / 2) / bins) * width;
  const left = lines.filter((l) => l.right <= gutter).length;
  const right = lines.filter((l) => l.x >= gutter).length;
  return left >= 3 && right >= 3 ? gutter : undefined;
}

/**
 * Puts a page's lines in reading order: top to bottom, and on a two-column page the left
 * column before the right one, band by band between lines that span both columns.
 */
export function readingOrder(lines: readonly PdfLine[], width: number): PdfLine[] {
  const sorted = [...lines].sort((a, b) => b.y - a.y || a.x - b.x);
  const gutter = findGutter(sorted, width);
  if (gutter === undefined) return sorted;
  const ordered: PdfLine[] = [];
  let left: PdfLine[] = [];
  let right: PdfLine[] = [];
  const flush = () => {
    ordered.push(...left, ...right);
    left = [];
    right = [];
  };
  for (const line of sorted) {
    if (line.right <= gutter) {
      line.column = 0;
      left.push(line);
    } else if (line.x >= gutter) {
      line.column = 1;
      right.push(line);
    } else {
      flush();
      line.column = -1;
      ordered.push(line);
    }
  }
  flush();
  return ordered;
}

const ENDS_SENTENCE = /[.!?:;。！？…]["”»’)]?$/u;

interface Column {
  readonly left: number;
  readonly right: number;
}

/** Left and right edges of each column on a page, from the lines in it. */
function columnEdges(lines: readonly PdfLine[]): Map<number, Column> {
  const edges = new Map<number, Column>();
  for (const column of new Set(lines.map((l) => l.column))) {
    const own = lines.filter((l) => l.column === column);
    // The most common left edge is the column's margin; indented first lines sit right of it.
    const lefts = own.map((l) => Math.round(l.x));
    const counts = new Map<number, number>();
    for (const x of lefts) counts.set(x, (counts.get(x) ?? 0) + 1);
    const margin = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    edges.set(column, { left: margin, right: Math.max(...own.map((l) => l.right)) });
  }
  return edges;
}

/**
 * Joins the lines of all pages into blocks as a reader sees them. A new paragraph starts at
 * a wider vertical gap than the line spacing, at an indented first line, or (in text that
 * does not indent paragraphs) after a short line ending a sentence; across a column or page
 * break the paragraph continues unless one of those signs says otherwise. Lines set clearly
 * larger than the text are headings; clearly smaller ones (captions, notes) are their own
 * paragraphs.
 */
export function linesToBlocks(pages: readonly PdfLine[][]): Block[] {
  const all = pages.flat();
  const bodySize = median(
    all.flatMap((l) => Array<number>(Math.min(l.text.length, 200)).fill(l.size)),
  );
  const gaps: number[] = [];
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const prev = lines[i - 1];
      const line = lines[i];
      if (!prev || !line || prev.column !== line.column) continue;
      const gap = prev.y - line.y;
      if (gap > 0 && gap < bodySize * 3 && Math.abs(line.size - bodySize) < 0.5) gaps.push(gap);
    }
  }
  const spacing = median(gaps) || bodySize * 1.2;

  // Does the text mark paragraphs by indenting their first line? Then indentation alone
  // decides, as a sentence may well end on a short line inside a paragraph.
  let indentedLines = 0;
  for (const lines of pages) {
    const edges = columnEdges(lines);
    for (const line of lines) {
      const left = edges.get(line.column)?.left ?? line.x;
      const shift = line.x - left;
      if (shift > bodySize * 0.8 && shift < bodySize * 4) indentedLines++;
    }
  }
  const indentStyle = indentedLines >= Math.max(2, all.length * 0.02);

  const blocks: Block[] = [];
  let current: string[] = [];
  let currentKind: Block["kind"] = "paragraph";
  const flush = () => {
    const text = joinLines(current);
    if (text) blocks.push({ kind: currentKind, text });
    current = [];
  };
  let prev: PdfLine | undefined;
  let prevEdges: Column | undefined;
  for (const lines of pages) {
    const edges = columnEdges(lines);
    let first = true;
    for (const line of lines) {
      const column = edges.get(line.column) ?? { left: line.x, right: line.right };
      const kind: Block["kind"] =
        line.size >= bodySize * 1.2
          ? "heading"
          : line.size <= bodySize * 0.85
            ? "caption"
            : "paragraph";
      const indented = line.x - column.left > bodySize * 0.8;
      let breaks: boolean;
      if (!prev || kind !== currentKind) breaks = true;
      else {
        const prevColumn = prevEdges ?? column;
        const prevShort = prev.right < prevColumn.right - bodySize * 3;
        const endedShort = !indentStyle && prevShort && ENDS_SENTENCE.test(prev.text);
        const sameFlow = !first && prev.column === line.column && prev.y > line.y;
        if (sameFlow) {
          const gap = prev.y - line.y;
          breaks = gap > spacing * 1.4 || (kind !== "heading" && (indented || endedShort));
        } else {
          breaks = kind !== "heading" && (indented || endedShort);
        }
      }
      if (breaks) {
        flush();
        currentKind = kind;
      }
      current.push(line.text);
      prev = line;
      prevEdges = column;
      first = false;
    }
  }
  flush();
  return blocks;
}
