import { StartupError } from "../errors.js";

/**
 * Invalid knowledge: names the file, the line where the problem is, and the problem,
 * so that `check-knowledge` and start-up can print it as one line.
 */
export class KnowledgeError extends StartupError {
  override readonly name = "KnowledgeError";

  constructor(
    /** The file (or folder) at fault, as given to the loader. */
    readonly file: string,
    /** 1-based line number the problem applies to. */
    readonly line: number,
    /** What is wrong and, where it helps, how to fix it. */
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`, 1);
  }

  override get report(): string {
    return `Invalid knowledge: ${this.message}`;
  }
}
