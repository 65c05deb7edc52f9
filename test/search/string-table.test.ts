import { describe, expect, it } from "vitest";
import { StringTable } from "../../src/search/string-table.js";

const WORDS = ["glaziev", "глазьев", "格拉济耶夫", "", "partnership", "партнёрство", "伙伴"];

describe("a string table", () => {
  const table = StringTable.from(WORDS);

  it("finds every string it holds by its position", () => {
    WORDS.forEach((word, id) => {
      expect(table.id(word)).toBe(id);
      expect(table.at(id)).toBe(word);
    });
  });

  it("answers −1 for a string it does not hold, including a prefix of one it does", () => {
    expect(table.id("glazie")).toBe(-1);
    expect(table.id("глазьева")).toBe(-1);
    expect(table.id("格拉")).toBe(-1);
    expect(table.has("partnership")).toBe(true);
  });

  it("compares and prefix-tests by code units, as JavaScript orders strings", () => {
    const id = table.id("партнёрство");
    expect(table.startsWith(id, "парт")).toBe(true);
    expect(table.startsWith(id, "парк")).toBe(false);
    const other = "партия";
    expect(Math.sign(table.compare(id, other))).toBe((WORDS[5] ?? "") < other ? -1 : 1);
    expect(table.compare(id, "партнёрство")).toBe(0);
  });

  it("holds a hundred thousand strings without losing one", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `w${i.toString(36)}`);
    const big = StringTable.from(many);
    expect(many.every((word, id) => big.id(word) === id)).toBe(true);
    expect(big.id("w-1")).toBe(-1);
  });
});
