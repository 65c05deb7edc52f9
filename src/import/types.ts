import type { Language } from "../knowledge/types.js";

/** What a block of extracted text is, as a reader sees it. */
export type BlockKind = "paragraph" | "heading" | "caption";

/** One block of text in reading order: a paragraph, a heading or a caption. */
export interface Block {
  readonly kind: BlockKind;
  readonly text: string;
}

/**
 * Metadata exactly as the source states it; every field may be missing. `published` is an
 * ISO form as precise as the source: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `--MM-DD`.
 */
export interface SourceMetadata {
  title?: string;
  author?: string;
  source?: string;
  published?: string;
  url?: string;
}

/** What a source module returns: blocks in reading order and the metadata it found. */
export interface Extracted {
  readonly blocks: readonly Block[];
  readonly metadata: SourceMetadata;
  /** Things the operator should know (a guessed encoding, pages without text, …). */
  readonly notes: readonly string[];
}

/** The kinds of source the importer reads. */
export type SourceKind = "pdf" | "docx" | "html" | "markdown" | "text";

/** A source loaded into memory, with what it is. */
export interface LoadedSource {
  /** The file path or URL as given. */
  readonly name: string;
  readonly kind: SourceKind;
  readonly bytes: Uint8Array;
  /** Charset stated by the server (`Content-Type: …; charset=`), if any. */
  readonly charset?: string;
  /** The final URL after redirects, for URL sources. */
  readonly url?: string;
}

/** A document ready to write: id, language, metadata and numbered paragraphs. */
export interface ImportedDocument {
  readonly id: string;
  readonly language: Language;
  readonly metadata: Required<Pick<SourceMetadata, "title" | "source" | "published">> &
    Pick<SourceMetadata, "author" | "url">;
  readonly paragraphs: readonly string[];
  /** Set on a translation: the language of the original it translates. */
  readonly translatedFrom?: Language;
}
