import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { removeTrees } from "../support/temp-knowledge.js";
import { failure, GIVEN, run, sourceFile, workspace } from "./support/import.js";

afterAll(removeTrees);

const RUSSIAN = [
  "Россия и Китай развивают торговлю в национальных валютах, и объём взаимных расчётов в рублях и юанях растёт с каждым годом.",
  "Новый железнодорожный мост через Амур соединил два берега и сократил путь грузов из Сибири в северо-восточные провинции Китая.",
  "Эксперты считают, что совместные инвестиционные фонды помогут финансировать дороги, порты и энергетические проекты по всему Евразийскому континенту.",
];
const CHINESE = [
  "中俄两国在本币结算方面取得了显著进展，双边贸易额连续多年保持增长，越来越多的企业选择以人民币和卢布进行结算。",
  "跨越黑龙江的铁路大桥已经建成通车，大大缩短了货物从俄罗斯远东地区运往中国东北各省的时间。",
  "专家认为，两国智库之间的合作有助于协调政策，为欧亚大陆的基础设施建设和投资合作提供新的思路。",
];

describe("importing plain text", () => {
  it("detects Russian text saved in Windows-1251 and converts it to UTF-8", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "ru.txt", iconv.encode(RUSSIAN.join("\n\n"), "win1251"));
    const report = await run(file, knowledge, { metadata: GIVEN });
    expect(report.document.paragraphs).toEqual(RUSSIAN);
    expect(report.document.language).toBe("ru");
    expect(report.warnings).toContain("read as windows-1251 (detected), converted to UTF-8");
  });

  it("detects Chinese text saved in GBK and converts it to UTF-8", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "zh.txt", iconv.encode(CHINESE.join("\n\n"), "gbk"));
    const report = await run(file, knowledge, { metadata: GIVEN });
    expect(report.document.paragraphs).toEqual(CHINESE);
    expect(report.document.language).toBe("zh");
  });

  it("joins hard-wrapped lines into paragraphs and undoes hyphenation", async () => {
    const { knowledge, sources } = await workspace();
    const text =
      "Trade between the two countries\ngrew as payments in national cur-\nrencies became common.\n\nBridges followed.\n";
    const file = await sourceFile(sources, "wrapped.txt", text);
    const report = await run(file, knowledge, { metadata: GIVEN });
    expect(report.document.paragraphs).toEqual([
      "Trade between the two countries grew as payments in national currencies became common.",
      "Bridges followed.",
    ]);
  });

  it("reads a byline line for author, publication and date, and drops it", async () => {
    const { knowledge, sources } = await workspace();
    const text = [
      "Bridges Over the Amur",
      "By Maria Ivanova | Source: Far East Review | Published: 12 March 2021",
      "The new bridge opened to freight traffic in the spring, cutting the journey by a full day.",
    ].join("\n\n");
    const file = await sourceFile(sources, "byline.txt", text);
    const report = await run(file, knowledge);
    expect(report.document.metadata).toMatchObject({
      title: "Bridges Over the Amur",
      author: "Maria Ivanova",
      source: "Far East Review",
      published: "2021-03-12",
    });
    expect(report.document.paragraphs).toHaveLength(1);
  });

  it("refuses a text file that holds binary data", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(
      sources,
      "data.txt",
      Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41, 0x00, 0x42]),
    );
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: not a text file: it holds binary data`,
    );
  });

  it("refuses an empty file", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "empty.txt", "");
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(`${file}: empty file`);
  });

  it("refuses a file that yields no paragraphs", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(
      sources,
      "chrome.txt",
      "Subscribe to our newsletter\n\nBack to top\n\n12\n",
    );
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: no paragraphs: nothing readable as text was found in it`,
    );
  });

  it("names a file that does not exist", async () => {
    const { knowledge, sources } = await workspace();
    const file = `${sources}/nowhere.txt`;
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: cannot be read (no such file)`,
    );
  });
});
