import { createHash } from "node:crypto";
import type { AliasGroup, KnowledgeDocument } from "./types.js";

/**
 * A content hash (sha256, hex) of everything the bot answers from: every document's versions
 * with their metadata, examples and paragraphs, and the alias groups. Two folders with the same
 * fingerprint give the same answers and citations, so it serves as the knowledge's version
 * (instances compare it) and as part of the key of the index cache. File layout and whitespace
 * that the loader drops do not change it.
 */
export function fingerprintKnowledge(
  documents: readonly KnowledgeDocument[],
  aliases: readonly AliasGroup[],
): string {
  const hash = createHash("sha256");
  // Every field is written with its length, so no two different contents hash alike.
  const write = (value: string) => {
    hash.update(`${value.length}:`);
    hash.update(value);
  };
  for (const document of documents) {
    write(`document ${document.id} ${document.originalLanguage}`);
    for (const version of Object.values(document.versions)) {
      write(`version ${version.language}`);
      write(JSON.stringify(version.metadata));
      write(JSON.stringify(version.examples ?? []));
      write(version.translatedFrom ?? "");
      for (const paragraph of version.paragraphs) write(paragraph);
    }
  }
  for (const group of aliases) write(JSON.stringify(group));
  return hash.digest("hex");
}
