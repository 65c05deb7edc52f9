import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { removeTrees } from "../support/temp-knowledge.js";
import { run, workspace } from "./support/import.js";

// The saved pages the shipped documents were made from live beside the repository.
const SEEDS = "../shared/seeds";
const PAGES = {
  "glaziev-partnership-model": `${SEEDS}/000_2afc7cca63aa9529.txt`,
  "think-tanks-collaboration": `${SEEDS}/002_56bf40319906f7bc.txt`,
};

let shipped: KnowledgeBase;
beforeAll(async () => {
  shipped = await loadKnowledge("knowledge");
});
afterAll(removeTrees);

describe.skipIf(!existsSync(SEEDS))("importing the saved seed pages as text", () => {
  for (const [id, page] of Object.entries(PAGES)) {
    it(`gives exactly the paragraphs of the shipped ${id}/en.md`, async () => {
      const { knowledge } = await workspace();
      const report = await run(page, knowledge);
      const english = shipped.documents.find((d) => d.id === id)?.versions.en;
      expect(report.document.paragraphs).toEqual(english?.paragraphs);
    });

    it(`gives exactly the metadata of the shipped ${id}/en.md`, async () => {
      const { knowledge } = await workspace();
      const report = await run(page, knowledge);
      const english = shipped.documents.find((d) => d.id === id)?.versions.en;
      const metadata = english?.metadata;
      expect(report.document.metadata).toEqual({
        title: metadata?.title,
        source: metadata?.source,
        published: metadata?.published.raw,
        ...(metadata?.author ? { author: metadata.author } : {}),
      });
    });
  }
});
