import type { SourceKind } from "./types.js";

const BY_EXTENSION: Readonly<Record<string, SourceKind>> = {
  pdf: "pdf",
  docx: "docx",
  html: "html",
  htm: "html",
  xhtml: "html",
  md: "markdown",
  markdown: "markdown",
  txt: "text",
  text: "text",
};

const BY_MEDIA_TYPE: Readonly<Record<string, SourceKind>> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/plain": "text",
};

/** The kind a file name's extension says, if it is one the importer reads. */
export function kindFromName(name: string): SourceKind | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name.replace(/[?#].*$/, ""))?.[1]?.toLowerCase();
  return extension ? BY_EXTENSION[extension] : undefined;
}

/** The kind a media type (`Content-Type` without parameters) says. */
export function kindFromMediaType(mediaType: string): SourceKind | undefined {
  return BY_MEDIA_TYPE[mediaType.toLowerCase()];
}

/**
 * The kind the first bytes show: `%PDF-`, a zip (taken for DOCX), an HTML tag; `undefined`
 * when they show nothing known (plain text and Markdown look alike).
 */
export function kindFromBytes(bytes: Uint8Array): SourceKind | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (head.startsWith("%PDF-")) return "pdf";
  if (head.startsWith("PK\u0003\u0004")) return "docx";
  if (
    /^\s*(<!doctype html|<html|<head|<body)/i.test(head.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, ""))
  )
    return "html";
  return undefined;
}

/** Media types of pictures, audio and video: never a document. */
export const NOT_A_DOCUMENT = /^(image|audio|video|font)\//i;

/** The kind named by magic numbers of common images, to refuse them clearly. */
export function imageType(bytes: Uint8Array): string | undefined {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "PNG image";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "JPEG image";
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return "GIF image";
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46)
    return "RIFF media (WebP/WAV/AVI)";
  return undefined;
}
