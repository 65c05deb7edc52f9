import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KnowledgeError } from "../../src/knowledge/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import {
  docFile,
  removeTrees,
  TRANSLATION_FRONT,
  type Tree,
  writeTree,
} from "../support/temp-knowledge.js";

afterAll(removeTrees);

/** Loads `tree` and returns the KnowledgeError it raises, with the folder prefix removed. */
async function errorOf(tree: Tree): Promise<{ file: string; line: number; message: string }> {
  const root = await writeTree(tree);
  try {
    await loadKnowledge(root);
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    return {
      file: error.file.replace(`${root}/`, ""),
      line: error.line,
      message: error.message.replace(`${root}/`, ""),
    };
  }
  throw new Error("expected the knowledge to be rejected");
}

describe("knowledge validation", () => {
  it("accepts a valid document with a translation", async () => {
    const root = await writeTree({
      "doc/en.md": docFile(),
      "doc/ru.md": docFile({ front: TRANSLATION_FRONT, body: "Первый абзац.\n\nВторой абзац." }),
    });
    const knowledge = await loadKnowledge(root);
    expect(knowledge.documents[0]?.versions.ru?.paragraphs).toEqual([
      "Первый абзац.",
      "Второй абзац.",
    ]);
  });

  it("rejects a file without front matter, at line 1", async () => {
    const error = await errorOf({ "doc/en.md": "Just text.\n" });
    expect(error.message).toBe(
      "doc/en.md:1: missing front matter: the file must start with a line '---', the fields (title, source, published, …), and another '---'",
    );
  });

  it("rejects front matter that is never closed", async () => {
    const error = await errorOf({ "doc/en.md": "---\ntitle: x\n\nBody.\n" });
    expect(error.message).toMatch(
      /^doc\/en\.md:1: malformed front matter: the opening '---' is never closed/,
    );
  });

  it("rejects malformed YAML and names its line", async () => {
    const error = await errorOf({
      "doc/en.md": docFile({
        front: 'title: "A"\nsource: [unclosed\npublished: 2020-01-02\noriginal: true',
      }),
    });
    expect(error.file).toBe("doc/en.md");
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toContain("malformed front matter");
  });

  it("names a missing required field", async () => {
    const error = await errorOf({
      "doc/en.md": docFile({ front: 'title: "A"\npublished: 2020-01-02\noriginal: true' }),
    });
    expect(error.message).toBe("doc/en.md:1: missing required field 'source' in the front matter");
  });

  it("rejects a date more precise or different than allowed forms, at its line", async () => {
    const error = await errorOf({
      "doc/en.md": docFile({
        front: 'title: "A"\nsource: S\npublished: April 2019\noriginal: true',
      }),
    });
    expect(error.line).toBe(4);
    expect(error.message).toContain("field 'published' is 'April 2019'");
  });

  it("rejects an unknown field, which is usually a typo", async () => {
    const error = await errorOf({
      "doc/en.md": docFile({
        front: 'title: "A"\nauther: B\nsource: S\npublished: 2020\noriginal: true',
      }),
    });
    expect(error.message).toMatch(/^doc\/en\.md:3: unknown field 'auther'/);
  });

  it("rejects an unknown language code in a file name", async () => {
    const error = await errorOf({ "doc/en.md": docFile(), "doc/fr.md": docFile() });
    expect(error.message).toBe(
      "doc/fr.md:1: unknown language code 'fr' in the file name (expected en.md, ru.md, zh.md)",
    );
  });

  it("rejects a document with no original", async () => {
    const error = await errorOf({ "doc/ru.md": docFile({ front: TRANSLATION_FRONT }) });
    expect(error.message).toBe(
      "doc/ru.md:1: document 'doc' has no original: mark the file that is the document as published with 'original: true'",
    );
  });

  it("rejects a document with two originals, at the second one's line", async () => {
    const error = await errorOf({ "doc/en.md": docFile(), "doc/ru.md": docFile() });
    expect(error.message).toMatch(
      /^doc\/ru\.md:6: document 'doc' has two originals \(.*doc\/en\.md and this file\)/,
    );
  });

  it("says which paragraph counts differ", async () => {
    const error = await errorOf({
      "doc/en.md": docFile(),
      "doc/ru.md": docFile({ front: TRANSLATION_FRONT, body: "Один.\n\nДва.\n\nТри." }),
    });
    expect(error.file).toBe("doc/ru.md");
    expect(error.line).toBe(12);
    expect(error.message).toContain("has 3 paragraphs but the original");
    expect(error.message).toContain("doc/en.md has 2");
  });

  it("rejects an empty body", async () => {
    const error = await errorOf({ "doc/en.md": docFile({ body: "   \n" }) });
    expect(error.message).toMatch(/^doc\/en\.md:8: empty body/);
  });

  it("rejects two folders that name the same document id", async () => {
    const error = await errorOf({ "Doc/en.md": docFile(), "doc/en.md": docFile() });
    expect(error.message).toMatch(/duplicate document id 'doc': folders 'Doc' and 'doc'/);
  });

  it("reports a file that is not UTF-8 text", async () => {
    const error = await errorOf({
      "doc/en.md": Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x00]),
    });
    expect(error.message).toBe(
      "doc/en.md:1: unreadable file: it is not valid UTF-8 text; save it as UTF-8",
    );
  });

  it("reports a language file that cannot be read", async () => {
    const root = await writeTree({ "doc/ru.md": docFile({ front: TRANSLATION_FRONT }) });
    await mkdir(join(root, "doc", "en.md"));
    await expect(loadKnowledge(root)).rejects.toThrow(/doc\/en\.md:1: unreadable file \(EISDIR\)/);
  });

  it("reports a missing knowledge folder", async () => {
    await expect(loadKnowledge("/nonexistent/knowledge")).rejects.toThrow(
      "/nonexistent/knowledge:1: cannot read the knowledge folder (ENOENT)",
    );
  });

  it("rejects a malformed alias group with its line", async () => {
    const error = await errorOf({
      "doc/en.md": docFile(),
      "aliases.yaml": "- [EEU, EAEU]\n- [lonely]\n",
    });
    expect(error.message).toBe(
      "aliases.yaml:2: each alias group must list at least two non-empty names",
    );
  });
});
