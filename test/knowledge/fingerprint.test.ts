import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";

const SHIPPED = "knowledge";
const folders: string[] = [];

function copyOfShipped(): string {
  const folder = mkdtempSync(join(tmpdir(), "fingerprint-"));
  folders.push(folder);
  cpSync(SHIPPED, folder, { recursive: true });
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("the knowledge fingerprint", () => {
  it("is the same for the same content in another folder", async () => {
    const shipped = await loadKnowledge(SHIPPED);
    const copy = await loadKnowledge(copyOfShipped());
    expect(copy.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(copy.fingerprint).toBe(shipped.fingerprint);
  });

  it("changes when one word of one paragraph changes", async () => {
    const folder = copyOfShipped();
    const before = await loadKnowledge(folder);
    const file = join(folder, before.documents[0]?.id ?? "", "ru.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("Глазьев", "Глазьева"));
    const after = await loadKnowledge(folder);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it("changes when an alias group changes", async () => {
    const folder = copyOfShipped();
    const before = await loadKnowledge(folder);
    writeFileSync(
      join(folder, "aliases.yaml"),
      `${readFileSync(join(folder, "aliases.yaml"), "utf8")}\n- [Volga, Волга, 伏尔加河]\n`,
    );
    const after = await loadKnowledge(folder);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });
});
