/** Where a translation and its original stop matching paragraph by paragraph. */
export interface Divergence {
  /** 1-based number of the first paragraph that does not match. */
  readonly paragraph: number;
  readonly original?: string;
  readonly translation?: string;
}

/** How far a paragraph's share of the text may drift before the two are said to diverge. */
const SHARE_TOLERANCE = 0.5;

const preview = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * Finds the first paragraph where a translation and its original disagree. Languages differ
 * in length (Chinese is far shorter than English), so paragraphs are compared by their
 * share of the whole text: a paragraph whose share differs by more than half, or a
 * paragraph number one side does not have, is where they diverge.
 */
export function findDivergence(
  original: readonly string[],
  translation: readonly string[],
): Divergence {
  const total = (texts: readonly string[]) => texts.reduce((sum, t) => sum + t.length, 0) || 1;
  const originalTotal = total(original);
  const translationTotal = total(translation);
  const count = Math.max(original.length, translation.length);
  for (let i = 0; i < count; i++) {
    const a = original[i];
    const b = translation[i];
    const shareA = (a?.length ?? 0) / originalTotal;
    const shareB = (b?.length ?? 0) / translationTotal;
    const larger = Math.max(shareA, shareB);
    if (
      a === undefined ||
      b === undefined ||
      (larger > 0.01 && Math.abs(shareA - shareB) / larger > SHARE_TOLERANCE)
    ) {
      return { paragraph: i + 1, original: preview(a), translation: preview(b) };
    }
  }
  return { paragraph: count };
}

/** One line describing a divergence, for the error message. */
export function describeDivergence(divergence: Divergence): string {
  const side = (label: string, text: string | undefined) =>
    text === undefined
      ? `${label} has no ¶${divergence.paragraph}`
      : `${label} ¶${divergence.paragraph} "${text}"`;
  return `they diverge at paragraph ${divergence.paragraph}: ${side("original", divergence.original)} vs ${side("translation", divergence.translation)}`;
}
