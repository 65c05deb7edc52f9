import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import type { PackedLanguage } from "../../src/search/build.js";
import { SearchEngine } from "../../src/search/engine.js";
import {
  cacheFile,
  cacheKey,
  readIndexCache,
  writeIndexCache,
} from "../../src/search/index-cache.js";
import { prepareIndexes } from "../../src/search/index-thread.js";

const QUESTIONS = [
  "What did Glaziev say about the partnership model?",
  "Какую роль играют аналитические центры?",
  "格拉济耶夫如何评价伙伴关系模式？",
];

let knowledge: KnowledgeBase;
const folders: string[] = [];

function cacheFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "index-cache-"));
  folders.push(folder);
  return folder;
}

/** What an engine over these indexes answers to each question: paragraph keys, best first. */
function answersOver(prebuilt: readonly PackedLanguage[]): string[][] {
  const engine = new SearchEngine(knowledge, {}, { prebuilt });
  return QUESTIONS.map((q) =>
    engine
      .findPassages(q, { all: true, limit: 5 })
      .passages.map((p) => `${p.document.id}#${p.paragraph}:${p.confidence.toFixed(6)}`),
  );
}

beforeAll(async () => {
  knowledge = await loadKnowledge("knowledge");
});

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("the index cache", () => {
  it("serves a second start from the file the first one wrote, with the same answers", async () => {
    const folder = cacheFolder();
    const first = await prepareIndexes(knowledge, { cacheDirectory: folder, thread: false });
    const second = await prepareIndexes(knowledge, { cacheDirectory: folder, thread: false });
    expect(first.source).toBe("built");
    expect(second.source).toBe("cache");
    expect(answersOver(second.languages)).toEqual(answersOver(first.languages));
    expect(answersOver(second.languages)[0]?.length).toBeGreaterThan(0);
  });

  it("ignores a file written for other knowledge", async () => {
    const folder = cacheFolder();
    await prepareIndexes(knowledge, { cacheDirectory: folder, thread: false });
    const ours = cacheKey(knowledge.fingerprint);
    const other = cacheKey("0".repeat(64));
    copyFileSync(cacheFile(folder, ours), cacheFile(folder, other));
    const read = await readIndexCache(cacheFile(folder, other), other);
    expect(read).toEqual({
      hit: false,
      reason: "built for other knowledge or another engine version",
    });
  });

  it("ignores a file written by another version of the engine", async () => {
    const folder = cacheFolder();
    const file = join(folder, "index.idx");
    const built = await prepareIndexes(knowledge, { thread: false });
    await writeIndexCache(
      file,
      cacheKey(knowledge.fingerprint, "an older engine"),
      built.languages,
    );
    const read = await readIndexCache(file, cacheKey(knowledge.fingerprint));
    expect(read.hit).toBe(false);
  });

  it("rebuilds from a truncated file and writes it whole again", async () => {
    const folder = cacheFolder();
    await prepareIndexes(knowledge, { cacheDirectory: folder, thread: false });
    const file = cacheFile(folder, cacheKey(knowledge.fingerprint));
    truncateSync(file, Math.floor(readFileSync(file).byteLength / 2));
    const rebuilt = await prepareIndexes(knowledge, { cacheDirectory: folder, thread: false });
    expect(rebuilt).toMatchObject({ source: "built", cacheMiss: "truncated payload" });
    const again = await prepareIndexes(knowledge, { cacheDirectory: folder, thread: false });
    expect(again.source).toBe("cache");
  });

  it("catches one altered byte with the checksum", async () => {
    const folder = cacheFolder();
    await prepareIndexes(knowledge, { cacheDirectory: folder, thread: false });
    const file = cacheFile(folder, cacheKey(knowledge.fingerprint));
    const bytes = readFileSync(file);
    const at = bytes.byteLength - 100;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(file, bytes);
    const read = await readIndexCache(file, cacheKey(knowledge.fingerprint));
    expect(read).toEqual({ hit: false, reason: "checksum mismatch" });
  });

  it("treats a file that is not an index cache as a miss, without throwing", async () => {
    const file = join(cacheFolder(), "garbage.idx");
    writeFileSync(file, "not an index at all");
    const read = await readIndexCache(file, cacheKey(knowledge.fingerprint));
    expect(read).toEqual({ hit: false, reason: "not an index cache file of this format" });
  });
});

describe("building on a worker thread", () => {
  it("gives the indexes the same answers as building on this thread", async () => {
    const here = await prepareIndexes(knowledge, { thread: false });
    const there = await prepareIndexes(knowledge, { thread: true });
    expect(there.source).toBe("built");
    expect(answersOver(there.languages)).toEqual(answersOver(here.languages));
  });

  it("reads the cache on the worker thread too", async () => {
    const folder = cacheFolder();
    await prepareIndexes(knowledge, { cacheDirectory: folder, thread: true });
    const second = await prepareIndexes(knowledge, { cacheDirectory: folder, thread: true });
    expect(second.source).toBe("cache");
  });
});
