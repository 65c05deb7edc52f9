import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileStorage, StoreError } from "../../src/store/file-storage.js";
import { isPreferences, type Preferences } from "../../src/store/preferences.js";

const folder = () => mkdtempSync(join(tmpdir(), "store-"));

describe("the file store", () => {
  it("keeps the last of many writes to one key, in order", async () => {
    const dir = folder();
    const store = await FileStorage.open<Preferences>(dir, isPreferences);
    await Promise.all(
      (["en", "ru", "zh", "ru", "zh"] as const).map((language) => store.write("7", { language })),
    );
    const reopened = await FileStorage.open<Preferences>(dir, isPreferences);
    expect(await reopened.read("7")).toEqual({ language: "zh" });
    expect(readdirSync(dir)).toEqual(["7.json"]);
  });

  it("drops a temporary file left by a crash and keeps the value before it", async () => {
    const dir = folder();
    writeFileSync(join(dir, "7.json"), '{"language":"ru"}');
    writeFileSync(join(dir, "7.json.123.0.tmp"), '{"langu');
    const store = await FileStorage.open<Preferences>(dir, isPreferences);
    expect(await store.read("7")).toEqual({ language: "ru" });
    expect(readdirSync(dir)).toEqual(["7.json"]);
  });

  it("reads a record only when it is asked for, and treats an invalid one as absent, reported once", async () => {
    const dir = folder();
    writeFileSync(join(dir, "7.json"), '{"language":"fr"}');
    writeFileSync(join(dir, "8.json"), '{"language": "en"');
    const reports: string[] = [];
    const store = await FileStorage.open<Preferences>(dir, isPreferences, (error) =>
      reports.push(error.message),
    );
    expect(reports).toEqual([]);
    expect(await store.read("7")).toBeUndefined();
    expect(await store.read("7")).toBeUndefined();
    expect(await store.read("8")).toBeUndefined();
    expect(reports).toEqual([
      `${join(dir, "7.json")}: corrupt: not a valid settings record. Fix or remove the file (it holds one user's settings), or set DATA_DIR to another folder.`,
      `${join(dir, "8.json")}: corrupt: not valid JSON. Fix or remove the file (it holds one user's settings), or set DATA_DIR to another folder.`,
    ]);
    // Never a silent reset: the file stays for someone to look at.
    expect(readFileSync(join(dir, "7.json"), "utf8")).toBe('{"language":"fr"}');
  });

  it("refuses to store a record it could not read back", async () => {
    const store = await FileStorage.open<Preferences>(folder(), isPreferences);
    await expect(
      store.write("7", { language: "fr" } as unknown as Preferences),
    ).rejects.toBeInstanceOf(StoreError);
    expect(await store.read("7")).toBeUndefined();
  });

  it("changes nothing and leaves no temporary file when a write fails", async () => {
    const dir = folder();
    const store = await FileStorage.open<Preferences>(dir, isPreferences);
    await store.write("7", { language: "ru" });
    // The rename onto the record fails (here: a folder is in its way, as a full or broken disk).
    rmSync(join(dir, "7.json"));
    mkdirSync(join(dir, "7.json"));
    writeFileSync(join(dir, "7.json", "in-the-way"), "");
    await expect(store.write("7", { language: "zh" })).rejects.toThrow();
    expect(await store.read("7")).toEqual({ language: "ru" });
    expect(readdirSync(dir)).toEqual(["7.json"]);
  });

  it("changes nothing when the data folder cannot be written to", async () => {
    const dir = folder();
    const store = await FileStorage.open<Preferences>(dir, isPreferences);
    await store.write("7", { language: "ru" });
    rmSync(dir, { recursive: true });
    writeFileSync(dir, "not a folder any more");
    await expect(store.write("7", { language: "zh" })).rejects.toThrow();
    expect(await store.read("7")).toEqual({ language: "ru" });
  });
});

describe("the file store without a cache (the question log)", () => {
  it("reads what was just written, from the file", async () => {
    const dir = folder();
    const store = await FileStorage.open<Preferences>(dir, isPreferences, undefined, {
      cache: false,
    });
    const writing = store.write("7", { language: "ru" });
    expect(await store.read("7")).toEqual({ language: "ru" });
    await writing;
  });

  it("keeps nothing in memory: a change on disk is what the next read sees", async () => {
    const dir = folder();
    const store = await FileStorage.open<Preferences>(dir, isPreferences, undefined, {
      cache: false,
    });
    await store.write("7", { language: "ru" });
    writeFileSync(join(dir, "7.json"), '{"language":"zh"}');
    expect(await store.read("7")).toEqual({ language: "zh" });
  });

  it("lists every entry from the folder", async () => {
    const dir = folder();
    const store = await FileStorage.open<Preferences>(dir, isPreferences, undefined, {
      cache: false,
    });
    await store.write("a", { language: "ru" });
    await store.write("b", { language: "en" });
    const entries = [];
    for await (const entry of store.readAllEntries()) entries.push(entry);
    expect(entries.sort()).toEqual([
      ["a", { language: "ru" }],
      ["b", { language: "en" }],
    ]);
  });
});
