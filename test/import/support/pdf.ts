import {
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  StandardFonts,
} from "pdf-lib";

/** How a two-column test page is laid out (points; PDF origin bottom left). */
const PAGE = { width: 612, height: 792 };
const COLUMNS = [
  { left: 50, right: 290 },
  { left: 322, right: 562 },
];
const TOP = 720;
const BOTTOM = 70;
const SIZE = 10;
const LEADING = 12;
const INDENT = 14;

/** A line as drawn: its text and whether it starts a paragraph (indented). */
interface DrawnLine {
  readonly text: string;
  readonly indent: boolean;
}

/**
 * Wraps paragraphs to a column width like a typesetter: words fill a line, a long word that
 * does not fit is broken with a hyphen, and the first line of a paragraph is indented.
 */
function wrap(paragraphs: readonly string[], font: PDFFont, width: number): DrawnLine[] {
  const lines: DrawnLine[] = [];
  const fits = (text: string, indent: boolean) =>
    font.widthOfTextAtSize(text, SIZE) <= width - (indent ? INDENT : 0);
  for (const paragraph of paragraphs) {
    let line = "";
    let indent = true;
    const words = paragraph.split(" ");
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? "";
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate, indent)) {
        line = candidate;
        continue;
      }
      // Break a long word with a hyphen when its first part still fits on this line.
      let cut = 0;
      if (/^\p{Ll}{8,}$/u.test(word)) {
        for (let k = word.length - 3; k >= 3; k--) {
          if (fits(`${line} ${word.slice(0, k)}-`, indent)) {
            cut = k;
            break;
          }
        }
      }
      if (cut) {
        lines.push({ text: `${line} ${word.slice(0, cut)}-`, indent });
        line = word.slice(cut);
      } else {
        lines.push({ text: line, indent });
        line = word;
      }
      indent = false;
    }
    lines.push({ text: line, indent });
  }
  return lines;
}

/** What a generated PDF holds, to check the import against. */
export interface TwoColumnPdf {
  readonly bytes: Uint8Array;
  /** Every drawn body line, to show that hyphenation really happened. */
  readonly lines: readonly string[];
  readonly pages: number;
}

/**
 * Writes a two-column PDF: a title in large type across the top of the first page, the
 * paragraphs flowing down the left column, then the right one, page after page, a running
 * header ("The Test Journal · page N") and a page number at the foot of every page.
 */
export async function twoColumnPdf(
  paragraphs: readonly string[],
  options: { title?: string; info?: { title?: string; author?: string } } = {},
): Promise<TwoColumnPdf> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  if (options.info?.title) pdf.setTitle(options.info.title);
  if (options.info?.author) pdf.setAuthor(options.info.author);
  const lines = wrap(paragraphs, font, 240);
  let index = 0;
  let pages = 0;
  while (index < lines.length) {
    pages++;
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    page.drawText(`The Test Journal · page ${pages}`, { x: 50, y: 760, size: 8, font });
    page.drawText(String(pages), { x: 302, y: 40, size: 8, font });
    let top = TOP;
    if (pages === 1 && options.title) {
      page.drawText(options.title, { x: 50, y: TOP, size: 18, font: bold });
      top = TOP - 36;
    }
    for (const column of COLUMNS) {
      for (let y = top; y >= BOTTOM && index < lines.length; y -= LEADING) {
        const line = lines[index++];
        if (!line) break;
        page.drawText(line.text, {
          x: column.left + (line.indent ? INDENT : 0),
          y,
          size: SIZE,
          font,
        });
      }
    }
  }
  return { bytes: await pdf.save(), lines: lines.map((l) => l.text), pages };
}

/** A one-page PDF with nothing but a grey rectangle where a scan's image would be. */
export async function pdfWithoutText(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  page.drawRectangle({ x: 50, y: 50, width: 500, height: 700, opacity: 0.3 });
  return pdf.save();
}

/**
 * A PDF whose trailer names a standard security handler with a user password, as an
 * encrypted PDF does: a reader must ask for the password before it can read anything.
 */
export async function encryptedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage().drawText("Secret text.", { x: 50, y: 700, size: 12, font });
  const context = pdf.context;
  const filler = "28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A";
  const encrypt = context.obj({
    Filter: PDFName.of("Standard"),
    V: PDFNumber.of(1),
    R: PDFNumber.of(2),
    Length: PDFNumber.of(40),
    P: PDFNumber.of(-44),
    O: PDFHexString.of(filler),
    U: PDFHexString.of(filler.split("").reverse().join("")),
  });
  context.trailerInfo.Encrypt = context.register(encrypt);
  context.trailerInfo.ID = context.obj([
    PDFHexString.of("00112233445566778899AABBCCDDEEFF"),
    PDFHexString.of("00112233445566778899AABBCCDDEEFF"),
  ]);
  return pdf.save({ useObjectStreams: false });
}

/**
 * A one-column PDF in block style: no indentation, a blank line between paragraphs, and a
 * caption in small type under where a photo would be. Each paragraph is given as its lines.
 */
export async function blockStylePdf(
  paragraphs: readonly (readonly string[])[],
  caption: { after: number; text: string },
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = TOP;
  paragraphs.forEach((lines, i) => {
    for (const line of lines) {
      page.drawText(line, { x: 72, y, size: SIZE, font });
      y -= LEADING;
    }
    y -= LEADING;
    if (i === caption.after) {
      page.drawRectangle({ x: 72, y: y - 120, width: 300, height: 120, opacity: 0.2 });
      y -= 132;
      page.drawText(caption.text, { x: 72, y, size: 7, font });
      y -= 2 * LEADING;
    }
  });
  return pdf.save();
}
