import type { AliasGroup } from "../knowledge/types.js";
import { type Token, tokenize } from "./analyze.js";

/** The index term standing for an alias group; `§` never occurs in a word term. */
export function aliasTerm(group: number): string {
  return `§${group}`;
}

/** Where a name of an alias group occurs, as token positions `[from, to)`. */
export interface AliasOccurrence {
  readonly group: number;
  readonly from: number;
  readonly to: number;
}

interface Pattern {
  readonly group: number;
  /** Per token of the name, the terms that token may be indexed under. */
  readonly terms: readonly (readonly string[])[];
}

const termsOf = (token: Token): string[] => (token.alt ? [token.term, token.alt] : [token.term]);

/**
 * Finds the names of alias groups in token streams. Names are matched on stemmed terms, so
 * "Евразийского экономического союза" matches the name "Евразийский экономический союз".
 */
export class AliasMatcher {
  private readonly byFirstTerm = new Map<string, Pattern[]>();

  constructor(groups: readonly AliasGroup[]) {
    groups.forEach((names, group) => {
      for (const name of names) {
        const tokens = tokenize(name);
        const first = tokens[0];
        if (!first) continue;
        const pattern = { group, terms: tokens.map(termsOf) };
        for (const term of termsOf(first)) {
          const list = this.byFirstTerm.get(term) ?? [];
          list.push(pattern);
          this.byFirstTerm.set(term, list);
        }
      }
    });
  }

  /** Every occurrence of a name in `tokens`, longest first where they overlap. */
  find(tokens: readonly Token[]): AliasOccurrence[] {
    const found: AliasOccurrence[] = [];
    if (this.byFirstTerm.size === 0) return found;
    tokens.forEach((token, from) => {
      for (const term of termsOf(token)) {
        for (const pattern of this.byFirstTerm.get(term) ?? []) {
          if (matchesAt(tokens, from, pattern)) {
            found.push({ group: pattern.group, from, to: from + pattern.terms.length });
          }
        }
      }
    });
    return found;
  }
}

function matchesAt(tokens: readonly Token[], from: number, pattern: Pattern): boolean {
  if (from + pattern.terms.length > tokens.length) return false;
  return pattern.terms.every((wanted, i) => {
    const token = tokens[from + i];
    return token !== undefined && termsOf(token).some((term) => wanted.includes(term));
  });
}
