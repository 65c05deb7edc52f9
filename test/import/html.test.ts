import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { removeTrees } from "../support/temp-knowledge.js";
import { GIVEN, run, sourceFile, workspace } from "./support/import.js";
import { ARTICLE, NEWS_PAGE } from "./support/news-page.js";

afterAll(removeTrees);

describe("importing a saved HTML file", () => {
  it("reads the article of a saved news page like the same page fetched by URL", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "news.html", NEWS_PAGE);
    const report = await run(file, knowledge);
    expect(report.document.paragraphs).toEqual(ARTICLE);
  });

  it("decodes a page in the charset its meta tag declares", async () => {
    const { knowledge, sources } = await workspace();
    const page = `<html><head><meta charset="windows-1251"><title>Мост через Амур</title></head>
<body><p>Новый мост через Амур открылся для грузового движения весной и сократил путь грузов на целые сутки.</p></body></html>`;
    const file = await sourceFile(sources, "ru.html", iconv.encode(page, "win1251"));
    const report = await run(file, knowledge, {
      metadata: { source: GIVEN.source, published: GIVEN.published },
    });
    expect(report.document.metadata.title).toBe("Мост через Амур");
    expect(report.document.paragraphs).toEqual([
      "Новый мост через Амур открылся для грузового движения весной и сократил путь грузов на целые сутки.",
    ]);
  });

  it("keeps a short page's text without its navigation and footer when no article stands out", async () => {
    const { knowledge, sources } = await workspace();
    const page = `<html><body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<p>The ferry runs twice a day in summer.</p><footer>Contact the editors</footer></body></html>`;
    const file = await sourceFile(sources, "short.html", page);
    const report = await run(file, knowledge, { metadata: GIVEN });
    expect(report.document.paragraphs).toEqual(["The ferry runs twice a day in summer."]);
  });
});
