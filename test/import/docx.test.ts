import { afterAll, describe, expect, it } from "vitest";
import { removeTrees } from "../support/temp-knowledge.js";
import { docxFile } from "./support/docx.js";
import { documentsIn, failure, GIVEN, run, sourceFile, workspace } from "./support/import.js";
import { zip } from "./support/zip.js";

afterAll(removeTrees);

const BODY = [
  "Railways connect the two countries across the river, and freight volumes grew every year.",
  "Payments in national currencies made settlements faster for companies on both sides.",
];

describe("importing a Word document", () => {
  it("keeps headings out of the numbered paragraphs and joins runs into plain text", async () => {
    const { knowledge, sources } = await workspace();
    const bytes = await docxFile({
      blocks: ["# Introduction", BODY[0] ?? "", "# Payments", BODY[1] ?? ""],
    });
    const file = await sourceFile(sources, "report.docx", bytes);
    const report = await run(file, knowledge, { metadata: GIVEN });
    expect(report.document.paragraphs).toEqual(BODY);
  });

  it("reads title and author from the core properties", async () => {
    const { knowledge, sources } = await workspace();
    const bytes = await docxFile({
      title: "Bridges and Banks",
      creator: "Ivan Petrov",
      blocks: BODY,
    });
    const file = await sourceFile(sources, "report.docx", bytes);
    const report = await run(file, knowledge, {
      metadata: { source: GIVEN.source, published: GIVEN.published },
    });
    expect(report.document.metadata).toMatchObject({
      title: "Bridges and Banks",
      author: "Ivan Petrov",
    });
    expect(report.document.id).toBe("bridges-and-banks");
  });

  it("refuses a .docx that is not a zip archive", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "old.docx", "Just some text saved with the wrong name.");
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: not a DOCX file: it is not a zip archive (a .doc? save it as .docx)`,
    );
  });

  it("refuses a zip that holds no Word document", async () => {
    const { knowledge, sources } = await workspace();
    const bytes = zip([{ name: "notes.txt", data: Buffer.from("hello") }]);
    const file = await sourceFile(sources, "notes.docx", bytes);
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: not a Word document: the zip has no word/document.xml`,
    );
  });

  it("refuses a zip bomb by its declared sizes before unpacking it", async () => {
    const { knowledge, sources } = await workspace();
    const bytes = zip([{ name: "word/document.xml", data: Buffer.alloc(150 * 1024 * 1024, 0x20) }]);
    const file = await sourceFile(sources, "bomb.docx", bytes);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    expect(await failure(file, knowledge, { metadata: GIVEN })).toMatch(
      new RegExp(
        `^${file}: refused as a zip bomb: word/document.xml unpacks \\d+ times its packed size$`,
      ),
    );
    expect(await documentsIn(knowledge)).toEqual([]);
  });

  it("refuses a zip bomb whose header lies about its size", async () => {
    const { knowledge, sources } = await workspace();
    const bytes = zip([
      {
        name: "word/document.xml",
        data: Buffer.alloc(150 * 1024 * 1024, 0x20),
        declaredSize: 1000,
      },
    ]);
    const file = await sourceFile(sources, "liar.docx", bytes);
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: refused as a zip bomb: an entry unpacks to more than its header declares`,
    );
  });
});
