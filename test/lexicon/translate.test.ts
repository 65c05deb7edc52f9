import { beforeAll, describe, expect, it } from "vitest";
import type { Language } from "../../src/knowledge/types.js";
import {
  type Lexicon,
  loadLexicon,
  PIVOT_SHARE,
  TRANSLATION_LIMIT,
} from "../../src/lexicon/index.js";

let lexicon: Lexicon;
beforeAll(() => {
  lexicon = loadLexicon();
});

function words(word: string, from: Language, to: Language): string[] {
  return lexicon.translate(word, from, to).map((translation) => translation.word);
}

describe("Russian to English", () => {
  it("translates валюта to currency among its first two", () => {
    expect(words("валюта", "ru", "en").slice(0, 2)).toContain("currency");
  });

  it("finds currency from the inflected forms валюты and валютой", () => {
    expect(words("валюты", "ru", "en").slice(0, 3)).toContain("currency");
    expect(words("валютой", "ru", "en").slice(0, 3)).toContain("currency");
  });

  it("translates расчёт and расчеты to settlement", () => {
    expect(words("расчёт", "ru", "en")).toContain("settlement");
    expect(words("расчеты", "ru", "en")).toContain("settlement");
  });

  it("reads ё as е, so расчёт and расчет translate alike", () => {
    expect(lexicon.translate("расчёт", "ru", "en")).toEqual(
      lexicon.translate("расчет", "ru", "en"),
    );
  });

  it("puts oxygen first for кислород", () => {
    expect(words("кислород", "ru", "en")[0]).toBe("oxygen");
  });

  it("puts the common word before the rare synonym: money before pelf for деньги", () => {
    const list = words("деньги", "ru", "en");
    expect(list[0]).toBe("money");
    expect(list).not.toContain("pelf");
  });
});

describe("English to Russian", () => {
  it("puts валюта first for currency", () => {
    expect(words("currency", "en", "ru")[0]).toBe("валюта");
  });

  it("finds валюта from the plural currencies", () => {
    expect(words("currencies", "en", "ru")[0]).toBe("валюта");
  });

  it("puts церковь first for church and keeps phrase translations out", () => {
    expect(words("church", "en", "ru")[0]).toBe("церковь");
    expect(words("church", "en", "ru")).not.toContain("жениться");
  });

  it("is case-insensitive", () => {
    expect(words("Oxygen", "en", "ru")[0]).toBe("кислород");
  });
});

describe("Chinese and English", () => {
  it("translates 货币 to currency first, with money among the senses", () => {
    const list = words("货币", "zh", "en");
    expect(list[0]).toBe("currency");
    expect(list).toContain("money");
  });

  it("translates the traditional form 貨幣 as its simplified form", () => {
    expect(lexicon.translate("貨幣", "zh", "en")).toEqual(lexicon.translate("货币", "zh", "en"));
  });

  it("translates 氧气 to oxygen", () => {
    expect(words("氧气", "zh", "en")[0]).toBe("oxygen");
  });

  it("puts 货币 first for currency", () => {
    expect(words("currency", "en", "zh")[0]).toBe("货币");
  });

  it("offers 氧气 for oxygen among its first two", () => {
    expect(words("oxygen", "en", "zh").slice(0, 2)).toContain("氧气");
  });

  it("offers only simplified headwords for English", () => {
    expect(words("currency", "en", "zh")).not.toContain("貨幣");
  });
});

describe("Russian and Chinese through English", () => {
  it("translates 货币 to валюта", () => {
    expect(words("货币", "zh", "ru")).toContain("валюта");
  });

  it("translates кислород to 氧气", () => {
    expect(words("кислород", "ru", "zh")).toContain("氧气");
  });

  it("weighs a pivot translation at most the pivot share", () => {
    for (const { weight } of lexicon.translate("церковь", "ru", "zh")) {
      expect(weight).toBeLessThanOrEqual(PIVOT_SHARE);
    }
  });
});

describe("the shape of a translation list", () => {
  it("is sorted best first and capped", () => {
    const list = lexicon.translate("settlement", "en", "ru");
    expect(list.length).toBeLessThanOrEqual(TRANSLATION_LIMIT);
    const weights = list.map((translation) => translation.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it("holds single lowercased words with weights between 0 and 1", () => {
    for (const [word, from, to] of [
      ["money", "en", "ru"],
      ["结算", "zh", "en"],
      ["деньги", "ru", "en"],
    ] as const) {
      for (const translation of lexicon.translate(word, from, to)) {
        expect(translation.word).toMatch(/^[^\sA-ZА-Я]+$/u);
        expect(translation.weight).toBeGreaterThan(0);
        expect(translation.weight).toBeLessThanOrEqual(1);
      }
    }
  });

  it("is empty for a word the dictionaries lack", () => {
    expect(lexicon.translate("zzxqv", "en", "ru")).toEqual([]);
    expect(lexicon.translate("", "ru", "en")).toEqual([]);
  });

  it("gives the normalised word itself when both languages are the same", () => {
    expect(lexicon.translate("Валюта", "ru", "ru")).toEqual([{ word: "валюта", weight: 1 }]);
  });
});

describe("Chinese segmentation", () => {
  it("splits a question into dictionary words by longest match", () => {
    expect(lexicon.segmentChinese("人民币是中国的法定货币吗？")).toEqual([
      "人民币",
      "是",
      "中国",
      "的",
      "法定货币",
      "吗",
    ]);
  });

  it("keeps Latin words and numbers whole and drops punctuation", () => {
    expect(lexicon.segmentChinese("特斯拉在1890年，Tesla")).toEqual([
      "特斯拉",
      "在",
      "1890",
      "年",
      "tesla",
    ]);
  });

  it("recognises traditional headwords", () => {
    expect(lexicon.isChineseWord("貨幣")).toBe(true);
    expect(lexicon.isChineseWord("货币")).toBe(true);
    expect(lexicon.isChineseWord("货币吗")).toBe(false);
  });
});
