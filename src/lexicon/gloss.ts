/** A target-language word offered for a source word, with how much the dictionary vouches for it. */
export interface WeightedWord {
  readonly word: string;
  /** 1 for the first sense of a headword, less for later senses, phrase words and pivots. */
  readonly weight: number;
}

/** A word taken out of a multi-word gloss ("foreign currency") counts for this share of a whole gloss. */
export const PHRASE_WORD_SHARE = 0.5;

/** The weight of the gloss at `rank` (0 = first) in a dictionary entry; later senses count less. */
export function senseWeight(rank: number): number {
  return Math.max(0.3, 1 / (1 + 0.25 * rank));
}

// Function words and dictionary shorthand that carry no meaning of their own in a gloss.
const ENGLISH_GLOSS_STOPWORDS = new Set(
  (
    "a an the to of and or in on at by for with from as into onto out up off over about " +
    "sb sth sb's sth's one one's oneself someone something somebody be is are was etc " +
    "not no very so such this that it its his her their your my our lit fig esp abbr " +
    "variant old used also see surname cl e.g i.e"
  ).split(" "),
);

const RUSSIAN_GLOSS_STOPWORDS = new Set(
  (
    "и или а но в во на с со к ко по о об обо от до для из изо за под над при про у не ни же ли " +
    "бы как так то это что кто кого чего кому чему кем чем ком чём либо нибудь " +
    "какой где куда т п др пр тж см ср напр себя себе свой свою свои"
  ).split(" "),
);

/** Adds a word, keeping the best weight a word has earned across glosses. */
function offer(best: Map<string, number>, word: string, weight: number): void {
  const previous = best.get(word);
  if (previous === undefined || weight > previous) best.set(word, weight);
}

function sortedWords(best: Map<string, number>): WeightedWord[] {
  return [...best]
    .map(([word, weight]) => ({ word, weight: Math.round(weight * 100) / 100 }))
    .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word));
}

/** Offers the words of one gloss: a one-word gloss whole, a phrase as its content words. */
function offerGloss(
  best: Map<string, number>,
  words: readonly string[],
  stopwords: ReadonlySet<string>,
  weight: number,
): void {
  const content = words.filter((word) => word.length > 1 && !stopwords.has(word));
  if (content.length === 0) return;
  // In an English verb gloss ("to settle a bill") the verb is the sense; its object only colours it.
  const verbFirst = words[0] === "to" && content.length > 1;
  content.forEach((word, index) => {
    const share = content.length === 1 ? 1 : verbFirst && index === 0 ? 0.7 : PHRASE_WORD_SHARE;
    offer(best, word, weight * share);
  });
}

const LATIN_WORD = /[a-z][a-z']*[a-z]|[a-z]/g;

/** English content words of a CC-CEDICT gloss, without notes, pinyin or Chinese cross-references. */
function englishGlossWords(gloss: string): string[] {
  const cleaned = gloss
    .toLowerCase()
    .replace(/\([^)]*\)/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\p{Script=Han}+(\|\p{Script=Han}+)?/gu, " ");
  return (cleaned.match(LATIN_WORD) ?? []).map((word) => word.replace(/'s$/, ""));
}

// Glosses that point elsewhere rather than translate: classifiers, variants, cross-references.
const CEDICT_POINTER =
  /^(cl:|variant of|old variant of|see |see also|erhua variant|used in |\(old\) variant)/i;

/**
 * English words for one CC-CEDICT headword from its glosses, best first. A gloss of one content word
 * counts in full; a phrase contributes its content words at a lower weight.
 */
export function cedictGlossWords(glosses: readonly string[]): WeightedWord[] {
  const best = new Map<string, number>();
  let rank = 0;
  for (const sense of glosses) {
    let taken = false;
    // "/" separates senses (one array item each); ";" separates near-synonyms of one sense.
    for (const gloss of sense.split(";")) {
      if (CEDICT_POINTER.test(gloss.trim())) continue;
      const words = englishGlossWords(gloss);
      if (words.length === 0) continue;
      offerGloss(best, words, ENGLISH_GLOSS_STOPWORDS, senseWeight(rank));
      taken = true;
    }
    if (taken) rank += 1;
  }
  return sortedWords(best);
}

// Hyphens separate: the engine's tokenizer splits северо-восток and know-how the same way.
const CYRILLIC_WORD = /[а-яё]+/g;
const LATIN_LETTER = /[a-z]/i;
// Sense numbers (1) 2.) and lettered sub-senses (а) б)) of the Mueller dictionary, kept by split.
const MUELLER_SENSE_MARK = /(?:^|\s)(\d+\.|\d+\)|[а-я]\))(?=\s)/;
// Usage labels: _n. _разг. _attr.
const MUELLER_LABEL = /_[^\s.]+\.?/g;

/**
 * Russian words for one Mueller entry body (everything after the headword line), best first.
 * Each sense lists its translations before its English examples; reading stops at the first
 * segment that holds Latin letters, and the lettered sub-senses after such an example translate
 * the example, not the headword, so they are skipped too.
 */
export function muellerEntryWords(body: string): WeightedWord[] {
  const text = body
    .replace(/\s+/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\([^)]*\)/g, " ");
  const best = new Map<string, number>();
  let rank = 0;
  let inExample = false;
  const parts = text.split(MUELLER_SENSE_MARK);
  for (let index = 0; index < parts.length; index += 2) {
    const mark = index > 0 ? (parts[index - 1] ?? "") : "";
    if (/^\d/.test(mark)) inExample = false;
    if (inExample) continue;
    const cleaned = (parts[index] ?? "").replace(MUELLER_LABEL, " ").trim();
    if (!cleaned || cleaned.startsWith("=")) continue;
    let taken = false;
    let position = 0;
    for (const segment of cleaned.split(";")) {
      if (LATIN_LETTER.test(segment) || segment.includes("=")) {
        inExample = true;
        break;
      }
      for (const phrase of segment.split(",")) {
        const words = (phrase.toLowerCase().match(CYRILLIC_WORD) ?? []).map((word) =>
          word.replaceAll("ё", "е"),
        );
        if (words.length === 0) continue;
        offerGloss(best, words, RUSSIAN_GLOSS_STOPWORDS, senseWeight(rank) * 0.95 ** position);
        taken = true;
        position += 1;
      }
    }
    if (taken) rank += 1;
  }
  return sortedWords(best);
}
