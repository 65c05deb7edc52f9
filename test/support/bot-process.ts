/**
 * Moved to testkit/ (shared by test/ and load/). This re-export keeps specs written against the
 * old path working until they import testkit/bot-process.js directly.
 */
export * from "../../testkit/bot-process.js";
