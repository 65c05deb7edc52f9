import { formatPublished } from "../../knowledge/published.js";
import type { DocumentVersion, Language } from "../../knowledge/types.js";
import type { TemplateValues } from "../i18n.js";
import { escapeHtml, linkHtml } from "./html.js";

/** Renders an interface text in the reader's language. */
export type Translate = (key: string, values?: TemplateValues) => string;

/**
 * The citation line, localised: "Sergey Glaziev, “Current International Partnership Model”,
 * China Pictorial, 4 April 2019, ¶8". Metadata comes from the version shown (translated
 * titles for translations); the date is as precise as the source states it; the title links to
 * the document's `url` when it has one. Escaped HTML.
 */
export function formatCitation(
  t: Translate,
  locale: Language,
  version: DocumentVersion,
  paragraph: number,
): string {
  const { metadata } = version;
  const values = {
    title: linkHtml(escapeHtml(metadata.title), metadata.url),
    source: escapeHtml(metadata.source),
    date: escapeHtml(formatPublished(metadata.published, locale)),
    paragraph,
    ...(metadata.author ? { author: escapeHtml(metadata.author) } : {}),
  };
  return t(metadata.author ? "citation.with_author" : "citation.without_author", values);
}

/** "Translated from the English original", or nothing for an original. */
export function translationLabel(t: Translate, version: DocumentVersion): string | undefined {
  return version.translatedFrom ? t(`answer.translated_from_${version.translatedFrom}`) : undefined;
}
