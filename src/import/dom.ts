import { parseHTML } from "linkedom";

/**
 * The little of the DOM the importer walks. linkedom's nodes satisfy it; declaring it here
 * keeps the project free of the browser DOM typings.
 */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

/** An element: a node with attributes and CSS-selector queries. */
export interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}

/** A parsed HTML document. */
export interface DomDocument {
  readonly documentElement: DomElement;
  readonly body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/** Parses HTML with linkedom (a fast DOM without a browser). */
export function parseHtmlDocument(html: string): DomDocument {
  return parseHTML(html).document as unknown as DomDocument;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
