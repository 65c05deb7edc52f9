import { describe, expect, it } from "vitest";
import { cedictGlossWords, muellerEntryWords, senseWeight } from "../../src/lexicon/gloss.js";
import { formatTableLine, invertTable, parseTranslations } from "../../src/lexicon/table.js";

const MUELLER_CHURCH = `   [tʃɜ:tʃ] _n.
   1) церковь; C. of England, Anglican C. англиканская церковь; to go to
   church
      а) ходить в церковь; быть набожным;
      б) жениться; выходить замуж; to go into (или to enter) the C. принимать
      духовный сан
   2) _attr. церковный`;

describe("cedictGlossWords", () => {
  it("weighs the first sense 1 and later senses less", () => {
    expect(cedictGlossWords(["currency", "monetary", "money"])).toEqual([
      { word: "currency", weight: 1 },
      { word: "monetary", weight: senseWeight(1) },
      { word: "money", weight: Math.round(senseWeight(2) * 100) / 100 },
    ]);
  });

  it("keeps the content words of a phrase, the verb of a verb gloss above its object", () => {
    const words = cedictGlossWords(["to settle a bill"]);
    expect(words.map((w) => w.word)).toEqual(["settle", "bill"]);
    expect(words[0]?.weight).toBeGreaterThan(words[1]?.weight ?? 1);
  });

  it("treats near-synonyms after a semicolon as the same sense", () => {
    expect(cedictGlossWords(["church; chapel"])).toEqual([
      { word: "chapel", weight: 1 },
      { word: "church", weight: 1 },
    ]);
  });

  it("drops notes in parentheses, classifiers and cross-references", () => {
    const words = cedictGlossWords(["oxygen (chemistry)", "CL:個|个[ge4]", "variant of 氧[yang3]"]);
    expect(words).toEqual([{ word: "oxygen", weight: 1 }]);
  });
});

describe("muellerEntryWords", () => {
  it("takes each sense's translations and skips the examples and what translates them", () => {
    expect(muellerEntryWords(MUELLER_CHURCH).map((w) => w.word)).toEqual(["церковь", "церковный"]);
  });

  it("splits a phrase translation into content words at a lower weight", () => {
    const words = muellerEntryWords("   _n.\n   1) денежное обращение\n   2) валюта, деньги");
    const weight = (word: string) => words.find((w) => w.word === word)?.weight;
    expect(weight("валюта")).toBeGreaterThan(weight("обращение") ?? 1);
    expect(weight("деньги")).toBeLessThan(weight("валюта") ?? 0);
  });
});

describe("translation tables", () => {
  it("reads back what it writes", () => {
    const line = formatTableLine("currency", [{ word: "валюта", weight: 0.8 }], "currenc");
    expect(line).toBe("currency\tвалюта:0.8\tcurrenc");
    expect(parseTranslations("валюта:0.8 деньги:0.76", "t.tsv")).toEqual([
      { word: "валюта", weight: 0.8 },
      { word: "деньги", weight: 0.76 },
    ]);
  });

  it("names the file and the item when a line is malformed", () => {
    expect(() => parseTranslations("валюта", "mueller7/en-ru.tsv (currency)")).toThrow(
      'mueller7/en-ru.tsv (currency): expected word:weight, found "валюта"',
    );
  });

  it("reverses a table, ranking the more popular headword first at equal weight", () => {
    const table = new Map([
      ["pelf", [{ word: "деньги", weight: 1 }]],
      ["money", [{ word: "деньги", weight: 1 }]],
    ]);
    const popular = (word: string) => (word === "money" ? 1 : 0.2);
    expect(
      invertTable(table, 5, popular)
        .get("деньги")
        ?.map((w) => w.word),
    ).toEqual(["money", "pelf"]);
  });
});
