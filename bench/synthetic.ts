/**
 * Synthetic knowledge folders in the real format (`<doc-id>/{en,ru,zh}.md` with front matter and
 * blank-line-separated paragraphs), for measuring the search engine at sizes the shipped
 * documents cannot reach.
 *
 * Text is a mix of real sentences taken from the shipped paragraphs, and synthetic sentences
 * made of real words (drawn with their frequency in the shipped text, so function words keep
 * their weight) and invented words drawn from a Zipf distribution over a vocabulary whose size
 * follows Heaps' law (V = K·N^β, N = tokens in the corpus), so the vocabulary grows with the
 * corpus the way it does in real text. Invented words look like words of their language: Latin
 * syllables for English, Cyrillic syllables with Russian inflectional endings for Russian, and
 * runs of CJK Unified Ideographs (Zipf-weighted over a few thousand characters) for Chinese.
 * The shipped documents and aliases are copied in, so that the labelled questions still have
 * their answers somewhere in the corpus.
 */

import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALIASES_FILE } from "../src/knowledge/load.js";
import { type KnowledgeBase, LANGUAGES, type Language } from "../src/knowledge/types.js";
import { pick, randomInt, seededRandom, Weighted, Zipf } from "./random.js";

/** Heaps' law constants (V = K·N^β); typical published values for English lie at K 10–100, β 0.4–0.6. */
const HEAPS_K = 40;
const HEAPS_BETA = 0.5;
/** Tokens (words; for Chinese, words of 1–4 characters) per paragraph, about as in the shipped text. */
const TOKENS_PER_PARAGRAPH = 60;
/** Share of sentences copied verbatim from the shipped paragraphs. */
const REAL_SENTENCE_SHARE = 0.3;
/** Share of the words of a synthetic sentence that are real words of the shipped text. */
const REAL_WORD_SHARE = 0.45;
/** Distinct Chinese characters the invented Chinese words are made of. */
const HAN_CHARACTERS = 3500;

/** What the shipped text provides to the generator, per language. */
interface SeedText {
  readonly sentences: readonly string[];
  readonly words: Weighted<string>;
}

/** What was generated. */
export interface SyntheticCorpus {
  readonly directory: string;
  readonly documents: number;
  /** Paragraphs per language (every document has all three languages). */
  readonly paragraphs: number;
  readonly bytes: number;
  /** Invented vocabulary per language: its size (Heaps' law) and how many of its words occur. */
  readonly vocabulary: Readonly<Record<Language, { size: number; used: number }>>;
  readonly seconds: number;
}

const wordLike = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function seedTextOf(knowledge: KnowledgeBase, language: Language): SeedText {
  const sentences: string[] = [];
  const counts = new Map<string, number>();
  const sentenceSegmenter = new Intl.Segmenter(language, { granularity: "sentence" });
  const wordSegmenter = new Intl.Segmenter("zh", { granularity: "word" });
  for (const document of knowledge.documents) {
    const version = document.versions[language];
    if (!version) continue;
    for (const paragraph of version.paragraphs) {
      for (const { segment } of sentenceSegmenter.segment(paragraph)) {
        const sentence = segment.trim();
        if (sentence) sentences.push(sentence);
      }
      if (language === "zh") {
        for (const { segment, isWordLike } of wordSegmenter.segment(paragraph)) {
          if (isWordLike) counts.set(segment, (counts.get(segment) ?? 0) + 1);
        }
      } else {
        for (const [word] of paragraph.matchAll(wordLike)) {
          counts.set(word, (counts.get(word) ?? 0) + 1);
        }
      }
    }
  }
  return { sentences, words: new Weighted(counts) };
}

const LATIN = {
  onsets: "b c d f g h j k l m n p r s t v w z b c d g l m n p r s t th ch sh st tr pl gr br".split(
    " ",
  ),
  vowels: "a e i o u a e i o u a e i o ea ou ai y".split(" "),
  codas: "n r s t l m nd ng st rt ck".split(" "),
};
const CYRILLIC = {
  onsets: "б в г д ж з к л м н п р с т ф х ц ч ш щ б в д к л м н п р с т ст пр кр тр".split(" "),
  vowels: "а е и о у ы я ю о а е и".split(" "),
  codas: "н р с т л м к в д ст нь рь".split(" "),
};
// Russian endings, the common ones first: the stemmer has to take them off again.
const RUSSIAN_ENDINGS = new Weighted(
  new Map(
    [
      "",
      "а",
      "ы",
      "у",
      "е",
      "ой",
      "ом",
      "ов",
      "и",
      "ая",
      "ые",
      "ых",
      "ого",
      "ому",
      "ами",
      "ах",
      "ость",
      "ение",
      "ения",
      "ить",
      "ает",
      "ают",
      "ный",
      "ного",
    ].map((ending, rank) => [ending, 1 / (rank + 1)] as const),
  ),
);

/** A word of 1–4 syllables; frequent words (low rank) are shorter, as in real text. */
function syllableWord(
  random: () => number,
  rank: number,
  letters: typeof LATIN | typeof CYRILLIC,
): string {
  const syllables = Math.min(4, 1 + Math.floor(Math.log10(rank + 1) * 0.55 + random() * 1.2));
  let word = "";
  for (let i = 0; i < syllables; i++) {
    if (i === 0 ? random() < 0.85 : true) word += pick(random, letters.onsets);
    word += pick(random, letters.vowels);
    if (random() < 0.3) word += pick(random, letters.codas);
  }
  return word;
}

/** Invented vocabulary of `size` distinct words, most frequent first. */
function inventVocabulary(random: () => number, language: Language, size: number): string[] {
  const words = new Set<string>();
  let characters: string[] = [];
  let characterRanks: Zipf | undefined;
  if (language === "zh") {
    // A few thousand distinct CJK Unified Ideographs (U+4E00–U+9FA5), Zipf-weighted by rank.
    const chosen = new Set<number>();
    while (chosen.size < HAN_CHARACTERS) chosen.add(randomInt(random, 0x4e00, 0x9fa5));
    characters = [...chosen].map((code) => String.fromCodePoint(code));
    characterRanks = new Zipf(characters.length, 1);
  }
  let attempts = 0;
  while (words.size < size && attempts < size * 20) {
    attempts++;
    const rank = words.size;
    if (language === "zh" && characterRanks) {
      const u = random();
      const length = u < 0.3 ? 1 : u < 0.85 ? 2 : u < 0.97 ? 3 : 4;
      let word = "";
      for (let i = 0; i < length; i++) word += characters[characterRanks.sample(random)] ?? "";
      words.add(word);
    } else {
      words.add(syllableWord(random, rank, language === "ru" ? CYRILLIC : LATIN));
    }
  }
  return [...words];
}

class LanguageGenerator {
  private readonly ranks: Zipf;
  readonly used: Uint8Array;

  constructor(
    private readonly random: () => number,
    readonly language: Language,
    private readonly seed: SeedText,
    readonly vocabulary: readonly string[],
  ) {
    this.ranks = new Zipf(vocabulary.length, 1);
    this.used = new Uint8Array(vocabulary.length);
  }

  private word(): string {
    const random = this.random;
    if (random() < REAL_WORD_SHARE) return this.seed.words.sample(random);
    const rank = this.ranks.sample(random);
    this.used[rank] = 1;
    const word = this.vocabulary[rank] ?? "";
    return this.language === "ru" ? word + RUSSIAN_ENDINGS.sample(random) : word;
  }

  private sentence(): string {
    const random = this.random;
    if (random() < REAL_SENTENCE_SHARE) return pick(random, this.seed.sentences);
    if (this.language === "zh") {
      let text = "";
      const length = randomInt(random, 10, 36);
      for (let i = 0; i < length; i++) {
        text += this.word();
        if (i < length - 1 && random() < 0.1) text += "，";
      }
      return `${text}。`;
    }
    const length = randomInt(random, 8, 36);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      let word = this.word();
      if (i === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
      if (i < length - 1 && random() < 0.08) word += ",";
      words.push(word);
    }
    return `${words.join(" ")}.`;
  }

  paragraph(): string {
    const count = randomInt(this.random, 1, 4);
    const sentences: string[] = [];
    for (let i = 0; i < count; i++) sentences.push(this.sentence());
    return sentences.join(this.language === "zh" ? "" : " ");
  }
}

const TITLES: Record<Language, string> = {
  en: "Synthetic document",
  ru: "Синтетический документ",
  zh: "合成文档",
};

/** Paragraph counts of documents of about 40–60 paragraphs that add up to `total`. */
function documentSizes(random: () => number, total: number): number[] {
  const sizes: number[] = [];
  let remaining = total;
  while (remaining > 0) {
    let size = randomInt(random, 40, 60);
    if (remaining - size < 40) size = remaining <= 60 ? remaining : Math.ceil(remaining / 2);
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}

/**
 * Writes a knowledge folder of `paragraphs` paragraphs per language into `directory`: the shipped
 * documents and aliases from `seedDirectory`, and synthetic documents for the rest.
 */
export function generateCorpus(
  seed: KnowledgeBase,
  seedDirectory: string,
  directory: string,
  paragraphs: number,
  randomSeed: number,
): SyntheticCorpus {
  const started = performance.now();
  const random = seededRandom(randomSeed);
  mkdirSync(directory, { recursive: true });
  let bytes = 0;
  let seedParagraphs = 0;
  for (const document of seed.documents) {
    cpSync(join(seedDirectory, document.id), join(directory, document.id), { recursive: true });
    seedParagraphs += document.paragraphCount;
  }
  copyFileSync(join(seedDirectory, ALIASES_FILE), join(directory, ALIASES_FILE));

  const tokens = paragraphs * TOKENS_PER_PARAGRAPH;
  const vocabularySize = Math.round(HEAPS_K * tokens ** HEAPS_BETA);
  const generators = {} as Record<Language, LanguageGenerator>;
  for (const language of LANGUAGES) {
    const vocabulary = inventVocabulary(random, language, vocabularySize);
    generators[language] = new LanguageGenerator(
      random,
      language,
      seedTextOf(seed, language),
      vocabulary,
    );
  }

  const sizes = documentSizes(random, paragraphs - seedParagraphs);
  sizes.forEach((size, d) => {
    const id = `syn-${String(d + 1).padStart(6, "0")}`;
    const folder = join(directory, id);
    mkdirSync(folder);
    const original = LANGUAGES[d % LANGUAGES.length] as Language;
    const published = `${randomInt(random, 1995, 2024)}-${String(randomInt(random, 1, 12)).padStart(2, "0")}-${String(randomInt(random, 1, 28)).padStart(2, "0")}`;
    for (const language of LANGUAGES) {
      const generator = generators[language];
      const body: string[] = [];
      for (let p = 0; p < size; p++) body.push(generator.paragraph());
      const text = [
        "---",
        `title: "${TITLES[language]} ${d + 1}"`,
        "source: Synthetic benchmark corpus",
        `published: ${published}`,
        language === original ? "original: true" : `translated_from: ${original}`,
        "---",
        "",
        body.join("\n\n"),
        "",
      ].join("\n");
      writeFileSync(join(folder, `${language}.md`), text);
      bytes += Buffer.byteLength(text);
    }
  });

  const vocabulary = {} as Record<Language, { size: number; used: number }>;
  for (const language of LANGUAGES) {
    const generator = generators[language];
    vocabulary[language] = {
      size: generator.vocabulary.length,
      used: generator.used.reduce((sum, flag) => sum + flag, 0),
    };
  }
  return {
    directory,
    documents: seed.documents.length + sizes.length,
    paragraphs,
    bytes,
    vocabulary,
    seconds: (performance.now() - started) / 1000,
  };
}
