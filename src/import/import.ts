import { KnowledgeError } from "../knowledge/errors.js";
import { loadKnowledge } from "../knowledge/load.js";
import { type Language, originalVersion } from "../knowledge/types.js";
import { ImportError } from "./errors.js";
import type { FetchLimits } from "./fetch-url.js";
import { detectLanguage } from "./language.js";
import { loadSource } from "./load-source.js";
import { idFromTitle } from "./slug.js";
import { extractMarkdown } from "./sources/markdown.js";
import { extractText } from "./sources/text.js";
import { describeDivergence, findDivergence } from "./translation.js";
import type { Extracted, ImportedDocument, LoadedSource, SourceMetadata } from "./types.js";
import { renderKnowledgeFile, writeDocument } from "./writer.js";

/** What the operator asks of one import. */
export interface ImportOptions {
  /** The knowledge folder (`KNOWLEDGE_DIR`). */
  readonly knowledgeDir: string;
  /** Document id; derived from the title when absent. */
  readonly id?: string;
  /** Language of the text; detected from its script when absent. */
  readonly language?: Language;
  /** Id of the document this source translates. */
  readonly translationOf?: string;
  /** Metadata given on the command line; it wins over what the source states. */
  readonly metadata?: SourceMetadata;
  /** Validate and show, write nothing. */
  readonly dryRun?: boolean;
  readonly limits?: FetchLimits;
}

/** Milliseconds spent in each step. */
export interface ImportTimings {
  readonly load: number;
  readonly extract: number;
  readonly write: number;
  readonly total: number;
}

/** What an import did (or, dry, would do). */
export interface ImportReport {
  readonly source: string;
  readonly document: ImportedDocument;
  readonly file: string;
  /** The file's content. */
  readonly content: string;
  readonly written: boolean;
  readonly replaced: boolean;
  /** Things to know: missing optional metadata, a converted encoding, defaults taken. */
  readonly warnings: readonly string[];
  readonly timings: ImportTimings;
}

/**
 * Reads a loaded source with the module for its kind. The PDF, Word and web-page readers load
 * their libraries (unpdf, mammoth, linkedom: about half a second) on first use, so that a bot
 * that never imports anything starts without them.
 */
export async function extract(source: LoadedSource): Promise<Extracted> {
  switch (source.kind) {
    case "pdf":
      return (await import("./sources/pdf.js")).extractPdf(source);
    case "docx":
      return (await import("./sources/docx.js")).extractDocx(source);
    case "html":
      return (await import("./sources/html.js")).extractHtml(source);
    case "markdown":
      return extractMarkdown(source);
    case "text":
      return extractText(source);
  }
}

const plural = (count: number): string => `${count} paragraph${count === 1 ? "" : "s"}`;

const FLAG: Readonly<Record<string, string>> = {
  title: "--title",
  source: "--source",
  published: "--published",
};

/** Drops undefined fields, so that spreading leaves what the source stated. */
const defined = (metadata: SourceMetadata = {}): SourceMetadata =>
  Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)) as SourceMetadata;

async function translationTarget(options: ImportOptions, source: string) {
  const id = options.translationOf ?? "";
  let knowledge: Awaited<ReturnType<typeof loadKnowledge>>;
  try {
    knowledge = await loadKnowledge(options.knowledgeDir);
  } catch (error) {
    if (error instanceof KnowledgeError)
      throw new ImportError(source, `cannot add a translation: ${error.message}`);
    throw error;
  }
  const document = knowledge.documents.find((d) => d.id === id);
  if (!document) {
    throw new ImportError(
      source,
      `--translation-of ${id}: no such document in ${options.knowledgeDir}`,
    );
  }
  return originalVersion(document);
}

/**
 * Imports one source (file or URL) into the knowledge folder: loads it, extracts paragraphs
 * and metadata, fills in what the flags give, checks a translation against its original,
 * and writes `<id>/<lang>.md` after validating the whole folder with it.
 *
 * @throws {ImportError} with one line naming the source and the problem; nothing is written
 */
export async function importSource(source: string, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const loaded = await loadSource(source, options.limits);
  const loadedAt = performance.now();
  const extracted = await extract(loaded);
  const extractedAt = performance.now();
  const paragraphs = extracted.blocks.filter((b) => b.kind !== "heading").map((b) => b.text);
  if (paragraphs.length === 0) {
    throw new ImportError(source, "no paragraphs: nothing readable as text was found in it");
  }
  const warnings = [...extracted.notes];
  const language = options.language ?? detectLanguage(paragraphs);
  const metadata: SourceMetadata = { ...defined(extracted.metadata), ...defined(options.metadata) };

  let document: ImportedDocument;
  if (options.translationOf) {
    const original = await translationTarget(options, source);
    if (original.language === language) {
      throw new ImportError(
        source,
        `--translation-of ${options.translationOf}: the original is already ${language}; give --lang with the translation's language`,
      );
    }
    if (paragraphs.length !== original.paragraphs.length) {
      const where = describeDivergence(findDivergence(original.paragraphs, paragraphs));
      throw new ImportError(
        source,
        `has ${plural(paragraphs.length)} but the original ${original.file} has ${original.paragraphs.length}; ${where}`,
      );
    }
    if (metadata.published && metadata.published !== original.metadata.published.raw) {
      warnings.push(
        `published ${metadata.published} differs from the original's; the original's ${original.metadata.published.raw} is used`,
      );
    }
    if (!metadata.source)
      warnings.push(`no publication stated; the original's "${original.metadata.source}" is used`);
    if (!metadata.title)
      throw new ImportError(source, "missing metadata: the source states no title; give --title");
    document = {
      id: options.translationOf,
      language,
      metadata: {
        title: metadata.title,
        source: metadata.source ?? original.metadata.source,
        published: original.metadata.published.raw,
        ...(metadata.author ? { author: metadata.author } : {}),
        ...(metadata.url ? { url: metadata.url } : {}),
      },
      paragraphs,
      translatedFrom: original.language,
    };
  } else {
    const missing = (["title", "source", "published"] as const).filter((field) => !metadata[field]);
    if (missing.length > 0) {
      throw new ImportError(
        source,
        `missing metadata: the source states no ${missing.join(", ")}; give ${missing.map((f) => FLAG[f]).join(", ")}`,
      );
    }
    const { title = "", source: publication = "", published = "" } = metadata;
    document = {
      id: options.id ?? idFromTitle(title),
      language,
      metadata: {
        title,
        source: publication,
        published,
        ...(metadata.author ? { author: metadata.author } : {}),
        ...(metadata.url ? { url: metadata.url } : {}),
      },
      paragraphs,
    };
  }
  if (!document.metadata.author) warnings.push("no author stated (give --author if there is one)");
  const written = await writeDocument(options.knowledgeDir, document, { dryRun: options.dryRun });
  const finished = performance.now();
  return {
    source,
    document,
    file: written.file,
    content: renderKnowledgeFile(document),
    written: !options.dryRun,
    replaced: written.replaced,
    warnings,
    timings: {
      load: loadedAt - started,
      extract: extractedAt - loadedAt,
      write: finished - extractedAt,
      total: finished - started,
    },
  };
}
