import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { nodeArguments } from "../../testkit/bot-build.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

const run = promisify(execFile);
const check = (folder?: string) =>
  run("node", [...nodeArguments("src/cli/check-knowledge.ts"), ...(folder ? [folder] : [])], {
    encoding: "utf8",
  });

afterAll(removeTrees);

describe("npm run check-knowledge", () => {
  it("summarises the shipped knowledge", async () => {
    const { stdout } = await check();
    expect(stdout).toContain("2 documents");
    expect(stdout).toContain("Paragraphs per language: en 18, ru 18, zh 18");
    expect(stdout).toContain(
      "glaziev-partnership-model: 14 paragraphs, original en, languages en, ru, zh (complete)",
    );
  });

  it("lists the languages a document is missing", async () => {
    const root = await writeTree({ "doc/en.md": docFile() });
    const { stdout } = await check(root);
    expect(stdout).toContain(
      "doc: 2 paragraphs, original en, languages en (missing: ru, zh; questions in ru and zh are answered across languages from the en text)",
    );
  });

  it("exits 1 with one line naming file, line and problem", async () => {
    const root = await writeTree({
      "doc/en.md": docFile({ front: 'title: "A"\npublished: 2020\noriginal: true' }),
    });
    const failure = await check(root).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(`${root}/doc/en.md:1: missing required field 'source'`);
  });
});
