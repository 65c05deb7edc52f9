import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { nodeArguments } from "../../testkit/bot-build.js";
import { removeTrees } from "../support/temp-knowledge.js";
import { documentsIn, sourceFile, workspace } from "./support/import.js";

const exec = promisify(execFile);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run import -- args` (the script itself) with KNOWLEDGE_DIR set. */
async function importCommand(knowledgeDir: string, ...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      [...nodeArguments("src/cli/import.ts"), ...args],
      { encoding: "utf8", env: { ...process.env, KNOWLEDGE_DIR: knowledgeDir } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const ARTICLE = `Bridges Over the Amur

By Maria Ivanova   Source: Far East Review   Published: 2021-3-12

The new bridge opened to freight traffic in the spring, cutting the journey by a full day.

Trains now carry grain, timber and machinery across the river every night.

Back to top
`;

const TRANSLATION = `Мосты через Амур

Новый мост открылся для грузового движения весной и сократил путь на целые сутки.

Теперь каждую ночь поезда везут через реку зерно, лес и технику.
`;

afterAll(removeTrees);

describe("npm run import", () => {
  it("writes <id>/<lang>.md that the loader accepts and prints what it imported with its timing", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "amur.txt", ARTICLE);
    const outcome = await importCommand(knowledge, file);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(
      `wrote ${join(knowledge, "bridges-over-the-amur", "en.md")}: 2 paragraphs, en`,
    );
    expect(outcome.stdout).toMatch(
      /time: \d+ ms \(read \d+ ms, extract \d+ ms, validate and write \d+ ms\)/,
    );
    const loaded = await loadKnowledge(knowledge);
    expect(loaded.documents[0]?.versions.en?.metadata.author).toBe("Maria Ivanova");
  });

  it("updates the document in place when the same source is imported again", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "amur.txt", ARTICLE);
    await importCommand(knowledge, file);
    await sourceFile(sources, "amur.txt", ARTICLE.replace("every night", "every single night"));
    const outcome = await importCommand(knowledge, file);
    expect(outcome.stdout).toContain("updated ");
    expect(await documentsIn(knowledge)).toEqual(["bridges-over-the-amur"]);
    const written = await readFile(join(knowledge, "bridges-over-the-amur", "en.md"), "utf8");
    expect(written).toContain("every single night");
  });

  it("with --dry-run prints the file it would write and writes nothing", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "amur.txt", ARTICLE);
    const outcome = await importCommand(knowledge, file, "--dry-run");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(
      '---\ntitle: "Bridges Over the Amur"\nauthor: "Maria Ivanova"',
    );
    expect(outcome.stdout).toContain("would write ");
    expect(await documentsIn(knowledge)).toEqual([]);
  });

  it("takes metadata from the flags over what the source states", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "amur.txt", ARTICLE);
    await importCommand(
      knowledge,
      file,
      "--id",
      "amur",
      "--title",
      "The Amur Bridge",
      "--published",
      "March 2021",
    );
    const loaded = await loadKnowledge(knowledge);
    expect(loaded.documents[0]?.id).toBe("amur");
    expect(loaded.documents[0]?.versions.en?.metadata).toMatchObject({
      title: "The Amur Bridge",
      published: { raw: "2021-03" },
    });
  });

  it("adds a translation with --translation-of", async () => {
    const { knowledge, sources } = await workspace();
    await importCommand(knowledge, await sourceFile(sources, "amur.txt", ARTICLE), "--id", "amur");
    const ru = await sourceFile(sources, "amur-ru.txt", TRANSLATION);
    const outcome = await importCommand(knowledge, ru, "--translation-of", "amur", "--lang", "ru");
    expect(outcome.code).toBe(0);
    const loaded = await loadKnowledge(knowledge);
    expect(loaded.documents[0]?.versions.ru).toMatchObject({
      translatedFrom: "en",
      metadata: { title: "Мосты через Амур", source: "Far East Review" },
    });
  });

  it("stops a translation whose paragraph count differs, showing where it diverges, and writes nothing", async () => {
    const { knowledge, sources } = await workspace();
    await importCommand(knowledge, await sourceFile(sources, "amur.txt", ARTICLE), "--id", "amur");
    const short = TRANSLATION.replace(/\n\nТеперь[^\n]*\n/, "\n");
    const ru = await sourceFile(sources, "amur-ru.txt", short);
    const outcome = await importCommand(knowledge, ru, "--translation-of", "amur", "--lang", "ru");
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe(
      `import: ${ru}: has 1 paragraph but the original ${join(knowledge, "amur", "en.md")} has 2; they diverge at paragraph 2: original ¶2 "Trains now carry grain, timber and machinery across the r…" vs translation has no ¶2\n`,
    );
    expect(await documentsIn(knowledge)).toEqual(["amur"]);
    await expect(readFile(join(knowledge, "amur", "ru.md"))).rejects.toThrow();
  });

  it("refuses a re-import that would break an existing translation, leaving the files as they were", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "amur.txt", ARTICLE);
    await importCommand(knowledge, file, "--id", "amur");
    await importCommand(
      knowledge,
      await sourceFile(sources, "ru.txt", TRANSLATION),
      "--translation-of",
      "amur",
      "--lang",
      "ru",
    );
    const before = await readFile(join(knowledge, "amur", "en.md"), "utf8");
    await sourceFile(
      sources,
      "amur.txt",
      `${ARTICLE}\nA third paragraph appeared in the new edition of the article.\n`,
    );
    const outcome = await importCommand(knowledge, file, "--id", "amur");
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("would make the knowledge invalid, so nothing was written");
    expect(outcome.stderr.trim().split("\n")).toHaveLength(1);
    expect(await readFile(join(knowledge, "amur", "en.md"), "utf8")).toBe(before);
  });

  it("names the missing metadata and the flags that give it, exit 1", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(
      sources,
      "bare.txt",
      "Trains now carry grain, timber and machinery across the river every night.\n",
    );
    const outcome = await importCommand(knowledge, file);
    expect(outcome).toMatchObject({
      code: 1,
      stderr: `import: ${file}: missing metadata: the source states no title, source, published; give --title, --source, --published\n`,
    });
  });

  it("imports the good sources of several and names the bad one, exit 1", async () => {
    const { knowledge, sources } = await workspace();
    const good = await sourceFile(sources, "amur.txt", ARTICLE);
    const missing = join(sources, "missing.pdf");
    const outcome = await importCommand(knowledge, missing, good);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe(`import: ${missing}: cannot be read (no such file)\n`);
    expect(await documentsIn(knowledge)).toEqual(["bridges-over-the-amur"]);
  });

  it("exits 2 on an unknown option", async () => {
    const { knowledge } = await workspace();
    const outcome = await importCommand(knowledge, "x.txt", "--colour", "red");
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.split("\n")[0]).toBe(
      "import: Unknown option '--colour'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--colour\"",
    );
  });

  it("exits 2 on a language it does not know", async () => {
    const { knowledge } = await workspace();
    const outcome = await importCommand(knowledge, "x.txt", "--lang", "fr");
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.split("\n")[0]).toBe("import: --lang must be en, ru or zh, not 'fr'");
  });

  it("exits 2 on a date it cannot read", async () => {
    const { knowledge } = await workspace();
    const outcome = await importCommand(knowledge, "x.txt", "--published", "yesterday");
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.split("\n")[0]).toBe(
      "import: --published 'yesterday' is not a date: write 2019-04-04, 2019-04, 2019 or --07-24",
    );
  });

  it("exits 2 without a source", async () => {
    const { knowledge } = await workspace();
    const outcome = await importCommand(knowledge);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.split("\n")[0]).toBe(
      "import: give at least one SOURCE (a file or an http(s) URL)",
    );
  });
});
