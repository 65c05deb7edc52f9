import { afterAll, describe, expect, it } from "vitest";
import { KnowledgeError } from "../../src/knowledge/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { LANGUAGES } from "../../src/knowledge/types.js";
import { SearchEngine } from "../../src/search/engine.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

afterAll(removeTrees);

const FRONT = 'title: "A"\nsource: S\npublished: 2020\noriginal: true';

async function errorOf(examples: string): Promise<string> {
  const root = await writeTree({ "doc/en.md": docFile({ front: `${FRONT}\n${examples}` }) });
  try {
    await loadKnowledge(root);
  } catch (error) {
    if (error instanceof KnowledgeError) return error.message.replace(`${root}/`, "");
    throw error;
  }
  throw new Error("expected the knowledge to be rejected");
}

describe("example questions in the front matter", () => {
  it("are read per language file, trimmed", async () => {
    const root = await writeTree({
      "doc/en.md": docFile({ front: `${FRONT}\nexamples:\n  - "  What is first? "\n  - Second?` }),
    });
    const [document] = (await loadKnowledge(root)).documents;
    expect(document?.versions.en?.examples).toEqual(["What is first?", "Second?"]);
  });

  it("are optional", async () => {
    const root = await writeTree({ "doc/en.md": docFile({ front: FRONT }) });
    const [document] = (await loadKnowledge(root)).documents;
    expect(document?.versions.en?.examples).toBeUndefined();
  });

  it("must be a list, and the error names the file and the line", async () => {
    expect(await errorOf("examples: What is first?")).toMatch(
      /^doc\/en\.md:6: field 'examples' must be a list of questions/,
    );
  });

  it("must not hold an empty item", async () => {
    expect(await errorOf('examples:\n  - Fine?\n  - ""')).toMatch(
      /^doc\/en\.md:6: examples item 2 must be non-empty text/,
    );
  });

  it("must fit on a button", async () => {
    expect(await errorOf(`examples:\n  - ${"a".repeat(121)}`)).toMatch(
      /^doc\/en\.md:6: examples item 1 is 121 characters long; at most 120/,
    );
  });

  it("are given in every language of the shipped documents", async () => {
    const knowledge = await loadKnowledge("knowledge");
    for (const document of knowledge.documents)
      for (const language of LANGUAGES)
        expect(document.versions[language]?.examples?.length, `${document.id} ${language}`).toBe(3);
  });

  it("of the shipped documents are answered with confidence from their own document", async () => {
    const knowledge = await loadKnowledge("knowledge");
    const engine = new SearchEngine(knowledge);
    for (const document of knowledge.documents)
      for (const language of LANGUAGES)
        for (const question of document.versions[language]?.examples ?? []) {
          const result = engine.findPassages(question, { limit: 1 });
          expect(result.outcome, question).toBe("answered");
          expect(result.passages[0]?.document.id, question).toBe(document.id);
        }
  });
});
