/**
 * A source that cannot be imported: names the source and the problem in one line, so the
 * command line (and the bot) can show it as is, never as a stack trace.
 */
export class ImportError extends Error {
  override readonly name = "ImportError";

  constructor(
    /** The file or URL at fault, as the operator gave it. */
    readonly source: string,
    /** What is wrong and, where it helps, what to do about it. */
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
  }
}
