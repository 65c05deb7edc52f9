/** Where a translation and its original stop matching paragraph by paragraph. */
export interface Divergence {
  /** 1-based number of the first paragraph that does not match. */
  readonly paragraph: number;
  readonly original?: string;
  readonly translation?: string;
}

/** How far a paragraph's length ratio may stray from the typical one before it is a mismatch. */
const RATIO_TOLERANCE = 0.4;

const preview = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * Finds the first paragraph where a translation and its original disagree. Languages differ
 * in length (Chinese is far shorter than English), so each pair is compared by its length
 * ratio against the typical (median) ratio of all pairs: a paragraph left out or split in
 * two shifts every pair after it, and the first pair whose ratio strays by more than 40%
 * is where they diverge. With no such pair, it is the first number one side lacks.
 */
export function findDivergence(
  original: readonly string[],
  translation: readonly string[],
): Divergence {
  const common = Math.min(original.length, translation.length);
  const ratios: number[] = [];
  for (let i = 0; i < common; i++) {
    ratios.push((translation[i]?.length ?? 0) / Math.max(original[i]?.length ?? 0, 1));
  }
  const typical = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)] ?? 1;
  for (let i = 0; i < common; i++) {
    const ratio = ratios[i] ?? typical;
    if (typical > 0 && Math.abs(ratio - typical) / typical > RATIO_TOLERANCE) {
      return {
        paragraph: i + 1,
        original: preview(original[i]),
        translation: preview(translation[i]),
      };
    }
  }
  return {
    paragraph: common + 1,
    original: preview(original[common]),
    translation: preview(translation[common]),
  };
}

/** One line describing a divergence, for the error message. */
export function describeDivergence(divergence: Divergence): string {
  const side = (label: string, text: string | undefined) =>
    text === undefined
      ? `${label} has no ¶${divergence.paragraph}`
      : `${label} ¶${divergence.paragraph} "${text}"`;
  return `they diverge at paragraph ${divergence.paragraph}: ${side("original", divergence.original)} vs ${side("translation", divergence.translation)}`;
}
