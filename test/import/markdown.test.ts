import { afterAll, describe, expect, it } from "vitest";
import { stripInlineMarkdown } from "../../src/import/sources/markdown.js";
import { removeTrees } from "../support/temp-knowledge.js";
import { GIVEN, run, sourceFile, workspace } from "./support/import.js";

afterAll(removeTrees);

const NOTE = `---
title: Payments in National Currencies
author: Jane Roe
date: 2023-11
---

# Payments in National Currencies

## Background

Banks in both countries **settle** trade in *roubles* and _yuan_, see [the report](https://example.org/r).

- Fewer conversions
- Lower \`fees\` for companies

Setext heading
--------------

> A quoted remark, kept as a paragraph.

| year | share |
| ---- | ----- |
| 2023 | 90%   |
`;

describe("importing Markdown", () => {
  it("keeps headings out of the numbered paragraphs and strips inline Markdown", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "note.md", NOTE);
    const report = await run(file, knowledge, { metadata: { source: GIVEN.source } });
    expect(report.document.paragraphs).toEqual([
      "Banks in both countries settle trade in roubles and yuan, see the report.",
      "Fewer conversions",
      "Lower fees for companies",
      "A quoted remark, kept as a paragraph.",
      "year | share",
      "2023 | 90%",
    ]);
  });

  it("reads title, author and date from the front matter", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "note.md", NOTE);
    const report = await run(file, knowledge, { metadata: { source: GIVEN.source } });
    expect(report.document.metadata).toMatchObject({
      title: "Payments in National Currencies",
      author: "Jane Roe",
      published: "2023-11",
    });
  });

  it("takes the first heading as the title when there is no front matter", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(
      sources,
      "plain.md",
      "# Bridges and Banks\n\nThe first bridge opened in 2022 after years of work on both banks.\n",
    );
    const report = await run(file, knowledge, {
      metadata: { source: GIVEN.source, published: GIVEN.published },
    });
    expect(report.document.metadata.title).toBe("Bridges and Banks");
    expect(report.document.paragraphs).toEqual([
      "The first bridge opened in 2022 after years of work on both banks.",
    ]);
  });

  it("leaves underscores inside words and escaped characters as written", () => {
    expect(stripInlineMarkdown("snake_case_name costs 5\\*2 \\_units\\_")).toBe(
      "snake_case_name costs 5*2 _units_",
    );
  });
});
