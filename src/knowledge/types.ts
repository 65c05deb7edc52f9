/** Languages the knowledge base and the bot speak. */
export const LANGUAGES = ["en", "ru", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * A publication date exactly as precise as the source states it.
 * `year` is absent when the source gives only a month and a day.
 */
export interface PublishedDate {
  readonly year?: number;
  readonly month?: number;
  readonly day?: number;
  /** The value as written in the front matter, e.g. `2019-04-04` or `--07-24`. */
  readonly raw: string;
}

/** The metadata of one language version of a document. */
export interface DocumentMetadata {
  readonly title: string;
  readonly author?: string;
  readonly source: string;
  readonly published: PublishedDate;
  readonly url?: string;
}

/** One language version of a document: its metadata and its paragraphs. */
export interface DocumentVersion {
  readonly language: Language;
  /** Path of the file it was read from, relative to the working directory. */
  readonly file: string;
  readonly metadata: DocumentMetadata;
  /** Paragraph texts; index 0 is paragraph 1. */
  readonly paragraphs: readonly string[];
  /** `true` on the document as published; translations name the language they come from. */
  readonly original: boolean;
  readonly translatedFrom?: Language;
  /** Questions this version answers, in its language, offered by /start. */
  readonly examples?: readonly string[];
}

/** A document in every language it is available in. */
export interface KnowledgeDocument {
  /** The folder name, e.g. `glaziev-partnership-model`. */
  readonly id: string;
  readonly originalLanguage: Language;
  readonly versions: Readonly<Partial<Record<Language, DocumentVersion>>>;
  readonly paragraphCount: number;
}

/** Names that mean the same thing, across spellings and languages. */
export type AliasGroup = readonly string[];

/** Everything read from the knowledge folder. */
export interface KnowledgeBase {
  readonly directory: string;
  readonly documents: readonly KnowledgeDocument[];
  readonly aliases: readonly AliasGroup[];
  /** Content hash of the documents and aliases (see `fingerprintKnowledge`): the knowledge's version. */
  readonly fingerprint: string;
}

/** The original-language version of a document (always present after validation). */
export function originalVersion(document: KnowledgeDocument): DocumentVersion {
  const version = document.versions[document.originalLanguage];
  if (!version) throw new Error(`document ${document.id} lost its original version`);
  return version;
}

/** The version in `language`, or the original when that translation is missing. */
export function versionIn(document: KnowledgeDocument, language: Language): DocumentVersion {
  return document.versions[language] ?? originalVersion(document);
}
