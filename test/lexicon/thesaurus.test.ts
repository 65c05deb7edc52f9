import { describe, expect, it } from "vitest";
import { loadThesaurus } from "../../src/lexicon/thesaurus.js";
import { SearchEngine } from "../../src/search/engine.js";

const thesaurus = loadThesaurus();

describe("the WordNet thesaurus", () => {
  it("gives everyday synonyms, most frequent sense first", () => {
    expect(thesaurus.synonyms("pay", "en")).toContain("salary");
    expect(thesaurus.synonyms("Target", "en")).toContain("aim");
    expect(thesaurus.synonyms("руководитель", "ru")).toContain("начальник");
  });

  it("finds an inflected Russian word through its stem", () => {
    expect(thesaurus.synonyms("руководителей", "ru")).toContain("начальник");
  });

  it("gives nothing for a word it does not know, nor for Chinese", () => {
    expect(thesaurus.synonyms("glazyev", "en")).toEqual([]);
    expect(thesaurus.synonyms("货币", "zh")).toEqual([]);
  });

  it("names the file when the table is missing", () => {
    expect(() => loadThesaurus("/nonexistent")).toThrow(
      /thesaurus: cannot read \/nonexistent\/wordnet\/en-synonyms.tsv/,
    );
  });
});

describe("a question that uses another word than the text", () => {
  const knowledge = {
    directory: "memory",
    aliases: [],
    fingerprint: "memory",
    documents: [
      {
        id: "wages",
        originalLanguage: "en" as const,
        paragraphCount: 2,
        versions: {
          en: {
            language: "en" as const,
            file: "wages/en.md",
            original: true,
            metadata: { title: "Wages", source: "Notes", published: { raw: "2020", year: 2020 } },
            paragraphs: [
              "Factory workers receive their salary on the last Friday of every month.",
              "The canteen serves soup and bread at noon.",
            ],
          },
        },
      },
    ],
  };

  it("finds the paragraph through a synonym: pay → salary", () => {
    const engine = new SearchEngine(knowledge);
    const [first] = engine.findPassages("When do factory workers get their pay?", {
      all: true,
    }).passages;
    expect(first?.paragraph).toBe(1);
    expect(first?.snippet.text).toContain("salary");
  });

  it("weighs the synonym below the word itself", () => {
    const withSynonyms = new SearchEngine(knowledge).findPassages("pay", { all: true });
    const literal = new SearchEngine(knowledge).findPassages("salary", { all: true });
    expect(withSynonyms.passages[0]?.score).toBeLessThan(literal.passages[0]?.score ?? 0);
  });
});
