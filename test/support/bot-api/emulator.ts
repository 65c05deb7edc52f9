/**
 * Moved to testkit/ (shared by test/ and load/). This re-export keeps specs written against the
 * old path working until they import testkit/telegram/emulator.js directly.
 */
export * from "../../../testkit/telegram/emulator.js";
