import type { Lexicon } from "./crossing.js";

/** The bilingual lexicon, when one is installed (none yet: crossing uses names and numbers). */
export async function loadLexicon(): Promise<Lexicon | undefined> {
  return undefined;
}
