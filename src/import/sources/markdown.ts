import { parse as parseYaml } from "yaml";
import { cleanPage } from "../cleaner.js";
import { normalizeDate } from "../dates.js";
import { joinLines } from "../text-joining.js";
import type { Block, Extracted, LoadedSource, SourceMetadata } from "../types.js";
import { decodeSource } from "./text.js";

/**
 * Inline Markdown reduced to the text a reader sees: links and images to their text,
 * emphasis, strike-through and code marks dropped, HTML tags removed, escapes undone.
 */
export function stripInlineMarkdown(text: string): string {
  // Escaped characters are set aside first (as private-use code points) so that no later
  // rule takes them for markup, and put back at the end.
  const escaped: string[] = [];
  const shielded = text.replace(/\\([\\`*_{}[\]()#+\-.!>~|<])/g, (_, char: string) => {
    escaped.push(char);
    return String.fromCharCode(0xe000 + escaped.length - 1);
  });
  return shielded
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
    .replace(/<(https?:\/\/[^>\s]+)>/g, "$1")
    .replace(/`+([^`]+?)`+/g, "$1")
    .replace(/<\/?[A-Za-z][^>]*>/g, "")
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(?<![\p{L}\p{N}])(\*|_)(?=\S)(.+?)(?<=\S)\1(?![\p{L}\p{N}])/gu, "$2")
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "$1")
    .replace(/[\ue000-\uefff]/g, (char) => escaped[char.charCodeAt(0) - 0xe000] ?? char)
    .replace(/\s+/g, " ")
    .trim();
}

const FENCE = /^\s*(```|~~~)/;
const ATX = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
const LIST_ITEM = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const REFERENCE = /^\s{0,3}\[[^\]]+\]:\s*\S+/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** The front matter of a Markdown file, if it has one, and the rest of it. */
function splitFrontMatter(text: string): { metadata: SourceMetadata; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(text);
  if (!match) return { metadata: {}, body: text };
  let fields: unknown;
  try {
    fields = parseYaml(match[1] ?? "");
  } catch {
    return { metadata: {}, body: text.slice(match[0].length) };
  }
  const metadata: SourceMetadata = {};
  if (fields && typeof fields === "object") {
    const record = fields as Record<string, unknown>;
    const text = (key: string) => {
      const value = record[key];
      return typeof value === "string" || typeof value === "number"
        ? String(value).trim() || undefined
        : undefined;
    };
    const title = text("title");
    const author = text("author");
    const source = text("source") ?? text("publication") ?? text("publisher");
    const date = text("published") ?? text("date");
    const url = text("url");
    if (title) metadata.title = title;
    if (author) metadata.author = author;
    if (source) metadata.source = source;
    const published = date ? normalizeDate(date) : undefined;
    if (published) metadata.published = published;
    if (url && /^https?:\/\/\S+$/.test(url)) metadata.url = url;
  }
  return { metadata, body: text.slice(match[0].length) };
}

/**
 * Splits Markdown into blocks: headings (ATX and setext) as headings, never numbered
 * paragraphs; each list item, table row, quote and fenced code block its own paragraph;
 * rules and link reference definitions dropped; inline Markdown stripped to plain text.
 */
export function markdownBlocks(body: string): Block[] {
  const lines = body.split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const text = stripInlineMarkdown(joinLines(paragraph));
    if (text) blocks.push({ kind: "paragraph", text });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (FENCE.test(line)) {
      flush();
      const fence = FENCE.exec(line)?.[1] ?? "```";
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? "").trim().startsWith(fence); i++) {
        code.push(lines[i] ?? "");
      }
      const text = code.join(" ").replace(/\s+/g, " ").trim();
      if (text) blocks.push({ kind: "paragraph", text });
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      flush();
      const text = stripInlineMarkdown(atx[2] ?? "");
      if (text) blocks.push({ kind: "heading", text });
      continue;
    }
    if (paragraph.length === 1 && SETEXT.test(line) && !LIST_ITEM.test(paragraph[0] ?? "")) {
      const text = stripInlineMarkdown(paragraph[0] ?? "");
      paragraph = [];
      if (text) blocks.push({ kind: "heading", text });
      continue;
    }
    if (line.trim() === "" || RULE.test(line) || REFERENCE.test(line) || TABLE_DIVIDER.test(line)) {
      flush();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      paragraph.push(item[1] ?? "");
      continue;
    }
    let content = line.replace(/^\s{0,3}(>\s?)+/, "");
    if (/^\s*\|.*\|\s*$/.test(content)) {
      flush();
      content = content
        .trim()
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((cell) => cell.trim())
        .filter(Boolean)
        .join(" | ");
      paragraph.push(content);
      flush();
      continue;
    }
    paragraph.push(content);
  }
  flush();
  return blocks;
}

/** Reads a Markdown source: front matter, headings kept out of the paragraphs, plain text. */
export function extractMarkdown(source: LoadedSource): Extracted {
  const { text, notes } = decodeSource(source);
  const { metadata, body } = splitFrontMatter(text);
  const cleaned = cleanPage(markdownBlocks(body), metadata);
  return { blocks: cleaned.blocks, metadata: cleaned.metadata, notes };
}
