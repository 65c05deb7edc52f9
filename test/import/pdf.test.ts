import { afterAll, describe, expect, it } from "vitest";
import { removeTrees } from "../support/temp-knowledge.js";
import { documentsIn, failure, GIVEN, run, sourceFile, workspace } from "./support/import.js";
import { blockStylePdf, encryptedPdf, pdfWithoutText, twoColumnPdf } from "./support/pdf.js";
import { paragraphs } from "./support/text.js";

afterAll(removeTrees);

const PARAGRAPHS = paragraphs(14, 5);

async function importPdf(bytes: Uint8Array, metadata = {}) {
  const { knowledge, sources } = await workspace();
  const file = await sourceFile(sources, "paper.pdf", bytes);
  return run(file, knowledge, { metadata, dryRun: true });
}

describe("importing a PDF", () => {
  it("reads a two-column layout column by column into the original paragraphs, hyphenation undone", async () => {
    const pdf = await twoColumnPdf(PARAGRAPHS, { title: "Railways and Currencies" });
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.lines.filter((line) => line.endsWith("-")).length).toBeGreaterThan(0);
    const report = await importPdf(pdf.bytes, { source: GIVEN.source, published: GIVEN.published });
    expect(report.document.paragraphs).toEqual(PARAGRAPHS);
  });

  it("separates unindented paragraphs by their spacing and keeps a caption as its own paragraph", async () => {
    const bytes = await blockStylePdf(
      [
        [
          "The harbour reopened on Tuesday after the storm, and the first",
          "ships were unloaded by noon.",
        ],
        [
          "Cranes were inspected overnight. Officials expect the backlog",
          "to clear by the end of the week.",
        ],
      ],
      { after: 0, text: "Dock workers on the northern quay. Photo: Lee Chen" },
    );
    const report = await importPdf(bytes, GIVEN);
    expect(report.document.paragraphs).toEqual([
      "The harbour reopened on Tuesday after the storm, and the first ships were unloaded by noon.",
      "Dock workers on the northern quay. Photo: Lee Chen",
      "Cranes were inspected overnight. Officials expect the backlog to clear by the end of the week.",
    ]);
  });

  it("drops running headers and page numbers", async () => {
    const pdf = await twoColumnPdf(PARAGRAPHS, { title: "Railways and Currencies" });
    const report = await importPdf(pdf.bytes, { source: GIVEN.source, published: GIVEN.published });
    const text = report.document.paragraphs.join("\n");
    expect(text).not.toContain("The Test Journal");
    expect(report.document.paragraphs.some((p) => /^\d+$/.test(p))).toBe(false);
  });

  it("takes the large heading on the first page as the title when the PDF states none", async () => {
    const pdf = await twoColumnPdf(PARAGRAPHS.slice(0, 3), { title: "Railways and Currencies" });
    const report = await importPdf(pdf.bytes, { source: GIVEN.source, published: GIVEN.published });
    expect(report.document.metadata.title).toBe("Railways and Currencies");
    expect(report.document.paragraphs).not.toContain("Railways and Currencies");
  });

  it("reads title and author from the info dictionary", async () => {
    const pdf = await twoColumnPdf(PARAGRAPHS.slice(0, 3), {
      info: { title: "A Report on Bridges", author: "Jane Roe" },
    });
    const report = await importPdf(pdf.bytes, { source: GIVEN.source, published: GIVEN.published });
    expect(report.document.metadata).toMatchObject({
      title: "A Report on Bridges",
      author: "Jane Roe",
    });
  });

  it("reports the metadata a PDF does not state and writes nothing", async () => {
    const { knowledge, sources } = await workspace();
    const pdf = await twoColumnPdf(PARAGRAPHS.slice(0, 3), { title: "Railways and Currencies" });
    const file = await sourceFile(sources, "paper.pdf", pdf.bytes);
    expect(await failure(file, knowledge)).toBe(
      `${file}: missing metadata: the source states no source, published; give --source, --published`,
    );
    expect(await documentsIn(knowledge)).toEqual([]);
  });

  it("refuses an encrypted PDF in one line", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "secret.pdf", await encryptedPdf());
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: encrypted PDF: it needs a password; save an unprotected copy`,
    );
    expect(await documentsIn(knowledge)).toEqual([]);
  });

  it("says that a PDF without a text layer looks scanned", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "scan.pdf", await pdfWithoutText());
    expect(await failure(file, knowledge, { metadata: GIVEN })).toContain(
      "looks scanned: no text layer",
    );
  });

  it("refuses a damaged PDF in one line", async () => {
    const { knowledge, sources } = await workspace();
    const whole = (await twoColumnPdf(PARAGRAPHS.slice(0, 3))).bytes;
    const file = await sourceFile(sources, "cut.pdf", whole.slice(0, Math.floor(whole.length / 3)));
    const message = await failure(file, knowledge, { metadata: GIVEN });
    expect(message).toMatch(new RegExp(`^${file}: not a readable PDF: the file is damaged`));
    expect(message).not.toContain("\n");
  });

  it("refuses a file named .pdf that is not a PDF", async () => {
    const { knowledge, sources } = await workspace();
    const file = await sourceFile(sources, "fake.pdf", "%PDX not really");
    expect(await failure(file, knowledge, { metadata: GIVEN })).toBe(
      `${file}: not a PDF file: it does not start with %PDF-`,
    );
  });

  it("imports a 300-page two-column PDF in under 10 seconds", async () => {
    const pdf = await twoColumnPdf(paragraphs(3300, 5, 7), { title: "A Long Report" });
    expect(pdf.pages).toBeGreaterThanOrEqual(300);
    const report = await importPdf(pdf.bytes, { source: GIVEN.source, published: GIVEN.published });
    console.log(
      `300-page PDF (${pdf.pages} pages): ${Math.round(report.timings.total)} ms, extract ${Math.round(report.timings.extract)} ms`,
    );
    expect(report.document.paragraphs).toHaveLength(3300);
    expect(report.timings.total).toBeLessThan(10_000);
  }, 60_000);
});
