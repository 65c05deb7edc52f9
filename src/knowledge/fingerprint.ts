import { createHash } from "node:crypto";
import type { AliasGroup, KnowledgeDocument } from "./types.js";

/**
 * A content hash (sha256, hex) of one document: its versions with their metadata, examples and
 * paragraphs. The loader takes it document by document, so that no single step hashes the
 * whole knowledge at once (that would hold up a bot that is answering while it reloads).
 */
export function documentDigest(document: KnowledgeDocument): string {
  const hash = createHash("sha256");
  // Every field is written with its length, so no two different contents hash alike.
  const write = (value: string) => {
    hash.update(`${value.length}:`);
    hash.update(value);
  };
  write(`document ${document.id} ${document.originalLanguage}`);
  for (const version of Object.values(document.versions)) {
    write(`version ${version.language}`);
    write(JSON.stringify(version.metadata));
    write(JSON.stringify(version.examples ?? []));
    write(version.translatedFrom ?? "");
    for (const paragraph of version.paragraphs) write(paragraph);
  }
  return hash.digest("hex");
}

/**
 * The knowledge's fingerprint from its documents' digests and its alias groups. Two folders
 * with the same fingerprint give the same answers and citations, so it serves as the
 * knowledge's version (instances compare it) and as part of the key of the index cache. File
 * layout and whitespace that the loader drops do not change it.
 */
export function combineDigests(
  documentDigests: readonly string[],
  aliases: readonly AliasGroup[],
): string {
  const hash = createHash("sha256");
  for (const digest of documentDigests) hash.update(digest);
  hash.update(JSON.stringify(aliases));
  return hash.digest("hex");
}

/** The fingerprint of knowledge held in memory (the loader computes the same as it reads). */
export function fingerprintKnowledge(
  documents: readonly KnowledgeDocument[],
  aliases: readonly AliasGroup[],
): string {
  return combineDigests(documents.map(documentDigest), aliases);
}
