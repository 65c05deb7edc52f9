/**
 * Moved to testkit/ (shared by test/ and load/). This re-export keeps specs written against the
 * old path working until they import testkit/redis-server.js directly.
 */
export * from "../../testkit/redis-server.js";
