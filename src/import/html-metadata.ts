import { normalizeDate } from "./dates.js";
import type { DomDocument } from "./dom.js";
import type { SourceMetadata } from "./types.js";

const clean = (text: string | null | undefined): string | undefined => {
  const value = text?.replace(/\s+/g, " ").trim();
  return value ? value : undefined;
};

function meta(document: DomDocument, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const element =
      document.querySelector(`meta[property="${key}"]`) ??
      document.querySelector(`meta[name="${key}"]`) ??
      document.querySelector(`meta[itemprop="${key}"]`);
    const value = clean(element?.getAttribute("content"));
    if (value) return value;
  }
  return undefined;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const ARTICLE_TYPES = /Article|BlogPosting|Report|WebPage|CreativeWork/;

/** The JSON-LD objects of the page, flattened out of arrays and `@graph`s. */
function jsonLdObjects(document: DomDocument): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  const walk = (value: Json) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      found.push(value);
      const graph = value["@graph"];
      if (graph) walk(graph);
    }
  };
  for (const script of Array.from(
    document.querySelectorAll('script[type="application/ld+json"]'),
  )) {
    try {
      walk(JSON.parse(script.textContent ?? "") as Json);
    } catch {
      // a broken JSON-LD block states nothing; the other sources of metadata remain
    }
  }
  return found;
}

/** The name in a JSON-LD person, organisation, string, or list of them. */
function nameOf(value: Json | undefined): string | undefined {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) {
    const names = value.map(nameOf).filter((n): n is string => Boolean(n));
    return names.length ? names.join(", ") : undefined;
  }
  if (value && typeof value === "object" && typeof value.name === "string")
    return clean(value.name);
  return undefined;
}

const notUrl = (value: string | undefined): string | undefined =>
  value && !/^https?:\/\//.test(value) ? value : undefined;

/**
 * Metadata a web page states: JSON-LD (`headline`, `author`, `publisher`, `datePublished`),
 * Open Graph and `article:` properties, `<meta name="author">` and other common meta names,
 * the canonical link, and the `<title>` (without a trailing "| Site name").
 */
export function htmlMetadata(document: DomDocument): SourceMetadata {
  const ld = jsonLdObjects(document);
  const article = ld.find((o) => ARTICLE_TYPES.test(String(o["@type"] ?? ""))) ?? ld[0];
  const ldString = (key: string) => {
    const value = article?.[key];
    return typeof value === "string" ? clean(value) : undefined;
  };
  const site = meta(document, "og:site_name", "application-name") ?? nameOf(article?.publisher);
  let title =
    ldString("headline") ??
    meta(document, "og:title", "twitter:title", "citation_title", "dc.title", "DC.title") ??
    clean(document.querySelector("title")?.textContent);
  if (title && site) {
    const suffix = new RegExp(
      `\\s*[|–—:-]\\s*${site.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
      "i",
    );
    title = title.replace(suffix, "") || title;
  }
  const author =
    nameOf(article?.author) ??
    notUrl(
      meta(document, "author", "article:author", "citation_author", "dc.creator", "DC.creator"),
    ) ??
    meta(document, "byl")?.replace(/^by\s+/i, "");
  const rawDate =
    ldString("datePublished") ??
    meta(
      document,
      "article:published_time",
      "citation_publication_date",
      "dc.date.issued",
      "DC.date.issued",
      "pubdate",
      "publishdate",
      "date",
      "datePublished",
    ) ??
    clean(document.querySelector("time[itemprop=datePublished]")?.getAttribute("datetime"));
  const url =
    meta(document, "og:url") ??
    clean(document.querySelector('link[rel="canonical"]')?.getAttribute("href"));
  const found: SourceMetadata = {};
  if (title) found.title = title;
  if (author) found.author = author;
  if (site) found.source = site;
  const published = rawDate ? normalizeDate(rawDate) : undefined;
  if (published) found.published = published;
  if (url && /^https?:\/\/\S+$/.test(url)) found.url = url;
  return found;
}
