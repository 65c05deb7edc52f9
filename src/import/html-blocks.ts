import { type DomElement, type DomNode, ELEMENT_NODE, TEXT_NODE } from "./dom.js";
import type { Block, BlockKind } from "./types.js";

const HEADINGS = new Set(["H1", "H2", "H3", "H4", "H5", "H6"]);
const SKIPPED = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "NAV",
  "FOOTER",
  "HEADER",
  "ASIDE",
  "FORM",
  "BUTTON",
  "SELECT",
  "IFRAME",
  "SVG",
  "HEAD",
  "TITLE",
]);
const BLOCKS = new Set([
  "P",
  "DIV",
  "SECTION",
  "ARTICLE",
  "MAIN",
  "BODY",
  "HTML",
  "LI",
  "UL",
  "OL",
  "DL",
  "DT",
  "DD",
  "BLOCKQUOTE",
  "PRE",
  "FIGURE",
  "FIGCAPTION",
  "TABLE",
  "THEAD",
  "TBODY",
  "TFOOT",
  "TR",
  "TD",
  "TH",
  "CAPTION",
  "HR",
  "ADDRESS",
  "CENTER",
  ...HEADINGS,
]);

const collapse = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * Turns HTML (a page's article body, or a Word document converted by mammoth) into blocks
 * in reading order: headings, paragraphs, list items, table rows and captions
 * (`figcaption`, `caption`) each their own block; inline markup reduced to its text.
 * `nav`, `header`, `footer`, `aside`, forms and scripts are skipped.
 */
export function htmlBlocks(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let inline = "";
  let inlineKind: BlockKind = "paragraph";

  const flush = () => {
    const text = collapse(inline);
    if (text) blocks.push({ kind: inlineKind, text });
    inline = "";
    inlineKind = "paragraph";
  };

  const visit = (node: DomNode, kind: BlockKind) => {
    if (node.nodeType === TEXT_NODE) {
      inline += node.textContent ?? "";
      inlineKind = kind;
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) return;
    const element = node as DomElement;
    if (element.getAttribute("hidden") !== null || element.getAttribute("aria-hidden") === "true")
      return;
    if (name === "BR") {
      inline += " ";
      return;
    }
    if (name === "TR") {
      flush();
      const cells = Array.from(node.childNodes)
        .filter((c) => c.nodeType === ELEMENT_NODE)
        .map((c) => collapse(c.textContent ?? ""))
        .filter(Boolean);
      if (cells.length) blocks.push({ kind: "paragraph", text: cells.join(" | ") });
      return;
    }
    if (!BLOCKS.has(name)) {
      for (const child of Array.from(node.childNodes)) visit(child, kind);
      return;
    }
    flush();
    const own: BlockKind = HEADINGS.has(name)
      ? "heading"
      : name === "FIGCAPTION" || name === "CAPTION"
        ? "caption"
        : kind;
    for (const child of Array.from(node.childNodes)) visit(child, own);
    inlineKind = own;
    flush();
  };

  visit(root, "paragraph");
  flush();
  return blocks;
}
