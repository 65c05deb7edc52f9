import { describe, expect, it } from "vitest";
import { tokenize, tokenizeQuestion } from "../../src/search/analyze.js";
import { sameRoot } from "../../src/search/concepts.js";
import { detectLanguage } from "../../src/search/language.js";

const terms = (text: string) => tokenizeQuestion(text).map((t) => t.term);

describe("question analysis", () => {
  it("drops English question words and stopwords", () => {
    expect(terms("What did Glazyev say about sanctions?")).toEqual(["glazyev", "sanction"]);
  });

  it("drops Russian question words in any case form", () => {
    expect(terms("При каком университете работает институт?")).toEqual([
      "университет",
      "работа",
      "институт",
    ]);
  });

  it("drops Chinese question words and particles", () => {
    expect(terms("作者担任什么职务？")).toEqual(["作者", "担任", "职务"]);
  });

  it("stems Russian case forms to one term and reads ё as е", () => {
    const forms = ["валюта", "валюты", "валютах", "валютами"].map((w) => terms(w)[0]);
    expect(new Set(forms)).toEqual(new Set(["валют"]));
    expect(terms("платёжных")).toEqual(terms("платежных"));
  });

  it("keeps a Russian surname's cases together", () => {
    const [nominative] = tokenizeQuestion("Глазьев");
    const [genitive] = tokenizeQuestion("Глазьева");
    expect([nominative?.term, nominative?.alt]).toContain(genitive?.term);
  });

  it("stems English plurals and verb forms", () => {
    expect(terms("currencies")).toEqual(terms("currency"));
    expect(terms("payments paying")).toEqual(["payment", "pay"]);
  });

  it("turns Chinese into bigrams so that 本币结算 meets 以本币进行结算", () => {
    const question = new Set(terms("本币结算"));
    const paragraph = new Set(tokenize("以本币进行结算").map((t) => t.term));
    expect([...question].every((t) => paragraph.has(t))).toBe(true);
  });

  it("ignores full-width forms, zero-width characters and accents", () => {
    expect(terms("ＥＥＵ")).toEqual(["eeu"]);
    expect(terms("Glaz\u200Byev")).toEqual(["glazyev"]);
    expect(terms("Glazíev")).toEqual(["glaziev"]);
  });

  it("splits Latin words from the Chinese around them", () => {
    expect(terms("Glaziev团队")).toEqual(["glaziev", "团队"]);
  });

  it("reports token offsets into the original text", () => {
    const text = "Россия и Китай";
    for (const token of tokenize(text))
      expect(text.slice(token.start, token.end).length).toBeGreaterThan(0);
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(["Россия", "и", "Китай"]);
  });
});

describe("language detection", () => {
  it.each([
    ["What did Glazyev say?", "en"],
    ["Что сказал Глазьев?", "ru"],
    ["格拉济耶夫说了什么？", "zh"],
    ["Glazyev и санкции против России", "ru"],
    ["Glaziev团队和人大重阳联合撰写的报告", "zh"],
    ["BRI и ЕАЭС", "ru"],
    ["12345 ???", "en"],
  ])("reads %s as %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});

describe("sameRoot (prefix matches of unknown words)", () => {
  it("joins derivations of one root: определяются and определить", () => {
    expect(sameRoot("определя", "определ")).toBe(true);
    expect(sameRoot("settl", "settlement")).toBe(true);
  });

  it("keeps apart words that only begin alike: должность and должны", () => {
    expect(sameRoot("должност", "должн")).toBe(false);
    expect(sameRoot("стоимост", "сто")).toBe(false);
  });
});
