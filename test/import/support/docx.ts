import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";

/** What to put in a generated Word document. */
export interface DocxContent {
  readonly title?: string;
  readonly creator?: string;
  /** Blocks in order: a heading (`# text`) or a paragraph. */
  readonly blocks: readonly string[];
}

/**
 * Writes a real .docx with the `docx` package: core properties (title, creator), headings
 * for blocks written `# like this`, paragraphs with a bold run in them for the rest.
 */
export async function docxFile(content: DocxContent): Promise<Buffer> {
  const children = content.blocks.map((block) => {
    if (block.startsWith("# ")) {
      return new Paragraph({ text: block.slice(2), heading: HeadingLevel.HEADING_1 });
    }
    const [first, ...rest] = block.split(" ");
    return new Paragraph({
      children: [new TextRun({ text: first ?? "", bold: true }), new TextRun(` ${rest.join(" ")}`)],
    });
  });
  const document = new Document({
    ...(content.title ? { title: content.title } : {}),
    ...(content.creator ? { creator: content.creator } : {}),
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
