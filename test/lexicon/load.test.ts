import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Lexicon } from "../../src/lexicon/index.js";

describe("loading the lexicon", () => {
  it("names the missing table file in a one-line error", () => {
    const empty = mkdtempSync(join(tmpdir(), "lexicon-empty-"));
    expect(() => new Lexicon(empty)).toThrow(
      new RegExp(`^lexicon: cannot read ${join(empty, "mueller7/en-ru.tsv")} \\(ENOENT\\)$`),
    );
  });
});
