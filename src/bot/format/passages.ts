import { formatPublished } from "../../knowledge/published.js";
import type {
  DocumentVersion,
  KnowledgeBase,
  KnowledgeDocument,
  Language,
} from "../../knowledge/types.js";
import { LANGUAGES, originalVersion, versionIn } from "../../knowledge/types.js";
import type { Passage } from "../../search/engine.js";
import { formatCitation, type Translate, translationLabel } from "./citation.js";
import {
  escapeHtml,
  highlightHtml,
  linkHtml,
  MESSAGE_LIMIT,
  shorten,
  splitForMessages,
} from "./html.js";

/** Room kept for the header and separators of an answer. */
const ANSWER_OVERHEAD = 200;

/**
 * The version of a document a reader of `display` sees: theirs when it exists, else the one
 * the passage was found in (`fallback`), else the original.
 */
export function shownVersion(
  document: KnowledgeDocument,
  display: Language,
  fallback?: Language,
): DocumentVersion {
  return (
    document.versions[display] ??
    (fallback ? document.versions[fallback] : undefined) ??
    originalVersion(document)
  );
}

/** The label saying the reader's language is missing and which one is shown, if it is. */
export function otherLanguageLabel(
  t: Translate,
  document: KnowledgeDocument,
  display: Language,
  shown: DocumentVersion,
): string | undefined {
  if (document.versions[display]) return undefined;
  return t("answer.other_language", {
    missing: t(`language_in.${display}`),
    shown: t(`language_in.${shown.language}`),
  });
}

/** The italic lines above a passage or below it: which language, translated from what. */
function labels(
  t: Translate,
  document: KnowledgeDocument,
  display: Language,
  version: DocumentVersion,
) {
  const other = otherLanguageLabel(t, document, display, version);
  const translated = translationLabel(t, version);
  return {
    head: other ? `<i>${escapeHtml(other)}</i>\n` : "",
    translated: translated ? `<i>${escapeHtml(translated)}</i>\n` : "",
  };
}

/**
 * One passage of an answer: the matching sentence(s) with the matched words in bold when it is
 * shown in the searched language; otherwise the paragraph in the reader's language. Then the
 * translation label (if any) and the citation.
 */
export function formatPassage(
  t: Translate,
  locale: Language,
  passage: Passage,
  display: Language,
  index: number,
  budget: number,
): string {
  const version = shownVersion(passage.document, display, passage.language);
  const citation = `— ${formatCitation(t, locale, version, passage.paragraph)}`;
  const { head, translated } = labels(t, passage.document, display, version);
  const footer = `${translated}<i>${citation}</i>`;
  const room = Math.max(80, budget - footer.length - head.length - 20);
  let body: string;
  if (version.language === passage.language) {
    const cut = shorten(passage.snippet.text, passage.snippet.highlights, Math.floor(room / 1.3));
    body = highlightHtml(cut.text, cut.spans);
  } else {
    const text = version.paragraphs[passage.paragraph - 1] ?? "";
    body = escapeHtml(shorten(text, [], Math.floor(room / 1.3)).text);
  }
  return `<b>${index}.</b> ${head}${body}\n${footer}`;
}

/**
 * The answer message: up to three passages, always within Telegram's limit. A passage the
 * engine is not confident about is introduced as the closest one, which may not answer.
 */
export function formatAnswer(
  t: Translate,
  locale: Language,
  passages: readonly Passage[],
  display: Language,
  firstIndex = 1,
): string {
  const intro = passages.every((p) => p.confident) ? t("answer.intro") : t("answer.closest");
  const budget = Math.floor((MESSAGE_LIMIT - ANSWER_OVERHEAD) / Math.max(1, passages.length));
  const blocks = passages.map((p, i) =>
    formatPassage(t, locale, p, display, firstIndex + i, budget),
  );
  return `${escapeHtml(intro)}\n\n${blocks.join("\n\n")}`;
}

/** The whole paragraph in `language` with its citation; split over several messages if long. */
export function formatFullParagraph(
  t: Translate,
  locale: Language,
  document: KnowledgeDocument,
  paragraph: number,
  language: Language,
): string[] {
  const version = shownVersion(document, language, "en");
  const text = version.paragraphs[paragraph - 1] ?? "";
  const { head, translated } = labels(t, document, language, version);
  const footer = `${translated}<i>— ${formatCitation(t, locale, version, paragraph)}</i>`;
  const pieces = splitForMessages(text, MESSAGE_LIMIT - footer.length - head.length - 50);
  return pieces.map((piece, i) => {
    const body = `${i === 0 ? head : ""}${escapeHtml(piece)}`;
    return i === pieces.length - 1 ? `${body}\n\n${footer}` : body;
  });
}

/** The paragraph verbatim in the original language, as a quote, with the original's citation. */
export function formatOriginal(
  t: Translate,
  locale: Language,
  document: KnowledgeDocument,
  paragraph: number,
): string[] {
  const original = originalVersion(document);
  const text = original.paragraphs[paragraph - 1] ?? "";
  const heading = escapeHtml(
    t("citation.original_label", { language: t(`language.${original.language}`) }),
  );
  const footer = `<i>— ${formatCitation(t, locale, original, paragraph)}</i>`;
  const pieces = splitForMessages(text, MESSAGE_LIMIT - footer.length - heading.length - 80);
  return pieces.map((piece, i) => {
    const quote = `<blockquote>${escapeHtml(piece)}</blockquote>`;
    const head = i === 0 ? `${heading}\n` : "";
    return i === pieces.length - 1 ? `${head}${quote}\n${footer}` : `${head}${quote}`;
  });
}

/**
 * The /sources list in the reader's language, each title linking to the document's `url` when
 * it has one; split if the collection is large.
 */
export function formatSources(t: Translate, locale: Language, knowledge: KnowledgeBase): string[] {
  const items = knowledge.documents.map((document, i) => {
    const version = versionIn(document, locale);
    const { metadata } = version;
    const date = formatPublished(metadata.published, locale);
    const details = metadata.author
      ? t("sources.by", {
          author: escapeHtml(metadata.author),
          source: escapeHtml(metadata.source),
          date: escapeHtml(date),
        })
      : t("sources.no_author", { source: escapeHtml(metadata.source), date: escapeHtml(date) });
    const languages = LANGUAGES.filter((l) => document.versions[l])
      .map((l) =>
        l === document.originalLanguage
          ? t("sources.original", { language: t(`language.${l}`) })
          : t(`language.${l}`),
      )
      .join(t("sources.separator"));
    return t("sources.item", {
      index: i + 1,
      title: linkHtml(escapeHtml(metadata.title), metadata.url),
      details,
      paragraphs: t("sources.paragraphs", { count: document.paragraphCount }),
      languages: escapeHtml(languages),
      id: escapeHtml(document.id),
    });
  });
  const messages: string[] = [];
  let current = t("sources.header", { count: knowledge.documents.length });
  for (const item of items) {
    if (current.length + item.length + 2 > MESSAGE_LIMIT - 100) {
      messages.push(current);
      current = item;
    } else {
      current += `\n\n${item}`;
    }
  }
  messages.push(current);
  return messages;
}

/** Titles of the documents in the reader's language: what the bot can talk about. */
export function topicsOf(
  t: Translate,
  knowledge: KnowledgeBase,
  locale: Language,
  max = 5,
): string {
  const titles = knowledge.documents.slice(0, max).map((d) =>
    t("answer.topic", {
      title: escapeHtml(versionIn(d, locale).metadata.title),
      languages: escapeHtml(
        LANGUAGES.filter((l) => d.versions[l])
          .map((l) => t(`language.${l}`))
          .join(t("sources.separator")),
      ),
    }),
  );
  const more = knowledge.documents.length > max ? ` (+${knowledge.documents.length - max})` : "";
  return titles.join(locale === "zh" ? "、" : "; ") + more;
}
