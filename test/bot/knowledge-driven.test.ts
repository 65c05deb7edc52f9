import { afterAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { SearchEngine } from "../../src/search/engine.js";
import { createHarness } from "../support/bot-harness.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

afterAll(removeTrees);

/** A bot over one document about apples, with a source address and optional examples. */
async function appleBot(examples?: string) {
  const front = [
    'title: "Apple Growing"',
    "source: Orchard Weekly",
    "published: 2021-05",
    'url: "https://example.org/apples?a=1&b=2"',
    "original: true",
    ...(examples ? [examples] : []),
  ].join("\n");
  const root = await writeTree({
    "apples/en.md": docFile({
      front,
      body: "Apple trees need pruning every winter.\n\nOrchards are watered in dry summers.",
    }),
  });
  const knowledge = await loadKnowledge(root);
  return createHarness({}, undefined, { knowledge, engine: new SearchEngine(knowledge) });
}

describe("/start with the operator's own documents", () => {
  it("offers the documents' own example questions", async () => {
    const bot = await appleBot("examples:\n  - When are apple trees pruned?");
    await bot.send("/start");
    expect([...bot.lastButtons().keys()]).toEqual(["When are apple trees pruned?"]);
    const [[, data] = ["", ""]] = [...bot.lastButtons()];
    bot.clear();
    await bot.tap(data);
    expect(bot.texts()[0]).toContain("pruning");
  });

  it("lists the document titles and offers no examples when none are given", async () => {
    const bot = await appleBot();
    await bot.send("/start");
    expect(bot.texts()).toHaveLength(1);
    expect(bot.texts()[0]).toContain("Apple Growing");
    expect(bot.calls.some((c) => c.payload.reply_markup)).toBe(false);
  });

  it("offers no examples in a language the documents give none in", async () => {
    const bot = await appleBot("examples:\n  - When are apple trees pruned?");
    await bot.send("/start", { language: "ru" });
    expect(bot.calls.some((c) => c.payload.reply_markup)).toBe(false);
  });
});

describe("a document's url", () => {
  it("links the title in the citation, escaped", async () => {
    const bot = await appleBot();
    await bot.send("When are apple trees pruned?");
    expect(bot.texts()[0]).toContain(
      '“<a href="https://example.org/apples?a=1&amp;b=2">Apple Growing</a>”, Orchard Weekly, May 2021, ¶1',
    );
  });

  it("links the title in /sources", async () => {
    const bot = await appleBot();
    await bot.send("/sources");
    expect(bot.texts()[0]).toContain(
      '<b><a href="https://example.org/apples?a=1&amp;b=2">Apple Growing</a></b>',
    );
  });
});
