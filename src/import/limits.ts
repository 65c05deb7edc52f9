/** Largest source accepted, file or download: what a Telegram bot may download, too. */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

/** Largest total a DOCX may unpack to; a Word file of text is far below it. */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

/** Highest unpacked/packed ratio of a DOCX entry; text compresses about 10:1, bombs 1000:1. */
export const MAX_COMPRESSION_RATIO = 200;

/** Most entries a DOCX may hold. */
export const MAX_ZIP_ENTRIES = 5_000;

/** How long a URL may take to answer, in milliseconds. */
export const FETCH_TIMEOUT_MS = 30_000;

/** Redirects followed before a URL is given up on. */
export const MAX_REDIRECTS = 5;
