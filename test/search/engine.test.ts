import { describe, expect, it } from "vitest";
import { EIR, GLAZIEV, keys, shippedEngine } from "../support/engine.js";

const top = async (question: string, language?: "en" | "ru" | "zh") => {
  const engine = await shippedEngine();
  return keys(engine.findPassages(question, language ? { language } : {}))[0];
};

describe("findPassages ranks the answering paragraph first", () => {
  it("for a question, not its keywords: sanctions, not every paragraph naming Glazyev", async () => {
    expect(await top("What did Glazyev say about sanctions?")).toBe(`${EIR}#3`);
  });

  it.each(["Glazev", "Glaziev", "Glazyev", "Glazjev"])(
    "across spellings of the name (%s on hegemonism)",
    async (name) => {
      expect(await top(`${name} on hegemonism`)).toBe(`${EIR}#3`);
    },
  );

  it.each(["Глазьев", "Глазев"])("in Russian with %s", async (name) => {
    expect(await top(`Что ${name} говорил о гегемонизме?`)).toBe(`${EIR}#3`);
  });

  it("in Chinese with 格拉济耶夫", async () => {
    expect(await top("格拉济耶夫如何看待霸权主义？")).toBe(`${EIR}#3`);
  });

  it("with typos: curency, tink tank", async () => {
    expect(await top("payments in national curencies")).toBe(`${GLAZIEV}#8`);
    expect(await top("tink tank report co-produced in July 2018")).toBe(`${GLAZIEV}#12`);
  });

  it("with Russian case forms of the words in the text", async () => {
    expect(await top("расчёты в национальных валютах")).toBe(`${GLAZIEV}#8`);
    expect(await top("расчеты в национальной валюте")).toBe(`${GLAZIEV}#8`);
  });

  it("with Chinese wording that differs from the text's word order", async () => {
    expect(await top("本币结算")).toBe(`${GLAZIEV}#8`);
  });

  it("through aliases: EAEU finds the paragraph that says EEU", async () => {
    const engine = await shippedEngine();
    const result = engine.findPassages("EAEU BRI interconnection initiative of Putin and Xi");
    expect(keys(result)[0]).toBe(`${GLAZIEV}#4`);
  });

  it("through aliases across languages: a Russian question with BRI finds «Один пояс, один путь»", async () => {
    expect(await top("сопряжение ЕАЭС и BRI")).toBe(`${GLAZIEV}#4`);
  });
});

describe("findPassages rejects what the documents do not answer", () => {
  it.each([
    "What's the weather in Paris tomorrow?",
    "How do I make fluffy pancakes?",
    "Who won the football match last night?",
    "Where can I buy cheap headphones?",
    "Какая завтра погода в Москве?",
    "Как приготовить борщ?",
    "明天北京天气怎么样？",
    "宫保鸡丁怎么做？",
  ])("%s", async (question) => {
    const engine = await shippedEngine();
    expect(engine.findPassages(question).passages).toEqual([]);
  });

  it("returns nothing for empty or invisible input", async () => {
    const engine = await shippedEngine();
    for (const text of ["", "   ", "\u200B\u200B", "???", "🙂🙂"]) {
      expect(engine.findPassages(text).passages).toEqual([]);
    }
  });
});

describe("a passage", () => {
  it("carries the paragraph in the searched language and the original verbatim", async () => {
    const engine = await shippedEngine();
    const [passage] = engine.findPassages("Глазьев о санкциях").passages;
    expect(passage?.language).toBe("ru");
    expect(passage?.text).toMatch(/санкций/);
    expect(passage?.sourceLanguage).toBe("en");
    expect(passage?.source).toMatch(/^Regarding multilateral and major international issues/);
  });

  it("carries the best-matching sentence with the matched words highlighted", async () => {
    const engine = await shippedEngine();
    const [passage] = engine.findPassages("What did Glazyev say about sanctions?").passages;
    const snippet = passage?.snippet;
    const marked = snippet?.highlights.map(([s, e]) => snippet.text.slice(s, e));
    expect(marked).toEqual(expect.arrayContaining(["Glazyev", "sanctions"]));
    expect(passage?.text).toContain(snippet?.text.split(" … ")[0]);
  });

  it("is searched in the forced language when the caller asks for one", async () => {
    const engine = await shippedEngine();
    const result = engine.findPassages("sanctions", { language: "ru" });
    expect(result.language).toBe("ru");
  });

  it("pages with offset and reports how many more there are", async () => {
    const engine = await shippedEngine();
    const first = engine.findPassages("China Russia cooperation", { limit: 1 });
    const second = engine.findPassages("China Russia cooperation", { limit: 1, offset: 1 });
    expect(first.more).toBeGreaterThan(0);
    expect(keys(second)[0]).not.toBe(keys(first)[0]);
  });
});
