import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
    expect(reopened.read("7")).toEqual({ language: "zh" });
    expect(readdirSync(dir)).toEqual(["7.json"]);
  });

  it("drops a temporary file left by a crash and keeps the value before it", async () => {
    const dir = folder();
    writeFileSync(join(dir, "7.json"), '{"language":"ru"}');
    writeFileSync(join(dir, "7.json.123.0.tmp"), '{"langu');
    const store = await FileStorage.open<Preferences>(dir, isPreferences);
    expect(store.read("7")).toEqual({ language: "ru" });
    expect(readdirSync(dir)).toEqual(["7.json"]);
  });

  it("refuses to open over a record that is not valid", async () => {
    const dir = folder();
    writeFileSync(join(dir, "7.json"), '{"language":"fr"}');
    await expect(FileStorage.open<Preferences>(dir, isPreferences)).rejects.toThrow(
      `${join(dir, "7.json")}: corrupt: not a valid settings record`,
    );
    expect(readFileSync(join(dir, "7.json"), "utf8")).toBe('{"language":"fr"}');
  });

  it("refuses to store a record it could not read back", async () => {
    const store = await FileStorage.open<Preferences>(folder(), isPreferences);
    await expect(
      store.write("7", { language: "fr" } as unknown as Preferences),
    ).rejects.toBeInstanceOf(StoreError);
    expect(store.read("7")).toBeUndefined();
  });
});
