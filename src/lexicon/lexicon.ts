import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Language } from "../knowledge/types.js";
import type { WeightedWord } from "./gloss.js";
import { segmentHan } from "./segment.js";
import { parseTranslations } from "./table.js";
import { normalizeWord, stemWord } from "./words.js";

/** Where the committed tables live: data-lexicon/ at the root of the repository. */
export const DEFAULT_LEXICON_DIRECTORY = fileURLToPath(
  new URL("../../data-lexicon/", import.meta.url),
);

/** At most this many translations come back for one word. */
export const TRANSLATION_LIMIT = 8;
/**
 * A headword that only shares the stem of the word looked up counts for this much: an inflected
 * form (currencies → currency) ranks as its headword does, but a derived word that stems alike
 * (oxygenate for oxygen) stays below the headword's own translations.
 */
export const STEM_MATCH_SHARE = 0.7;
/** A translation through English (Russian ↔ Chinese) counts for this much of its two steps. */
export const PIVOT_SHARE = 0.6;
/** A headword whose stem merely begins the word's stem counts for this much. */
export const PREFIX_MATCH_SHARE = 0.5;
// Such a stem must keep most of the word: 5 letters and 70 % of its stem.
const MIN_PREFIX_STEM = 5;
const MIN_PREFIX_RATIO = 0.7;
// A headword whose best translation weighs less came from phrases only.
const STRONG_HEADWORD = 0.6;
// Siblings spelled less like the word than the closest one, or beside an exact headword,
// weigh this much of a sibling.
const DISTANT_SIBLING_SHARE = 0.7;
// How many English words a pivot goes through; more would bring in senses of senses.
const PIVOT_BREADTH = 4;
// Longer CC-CEDICT headwords are idioms and names; capping keeps segmentation fast.
const MAX_SEGMENT_LENGTH = 8;

type Direction = "en-ru" | "ru-en" | "zh-en" | "en-zh";

const TABLE_FILES: Record<Direction, string> = {
  "en-ru": "mueller7/en-ru.tsv",
  "ru-en": "mueller7/ru-en.tsv",
  "zh-en": "cc-cedict/zh-en.tsv",
  "en-zh": "cc-cedict/en-zh.tsv",
};
const TRADITIONAL_FILE = "cc-cedict/traditional.tsv";

/** One table held as raw lines: translations are parsed only when a word is looked up. */
class Table {
  readonly #raw = new Map<string, string>();
  readonly #byStem = new Map<string, string[]>();

  constructor(
    readonly file: string,
    text: string,
    readonly language: Language,
  ) {
    let start = 0;
    let line = 0;
    while (start < text.length) {
      const end = text.indexOf("\n", start);
      const stop = end < 0 ? text.length : end;
      line += 1;
      const tab = text.indexOf("\t", start);
      if (tab < 0 || tab > stop) {
        if (stop > start) throw new Error(`${file}:${line}: expected headword<TAB>translations`);
      } else {
        const headword = text.slice(start, tab);
        const stemTab = text.indexOf("\t", tab + 1);
        const hasStem = stemTab >= 0 && stemTab < stop;
        this.#raw.set(headword, text.slice(tab + 1, hasStem ? stemTab : stop));
        if (language !== "zh") {
          const stem = hasStem ? text.slice(stemTab + 1, stop) : headword;
          const list = this.#byStem.get(stem);
          if (list) list.push(headword);
          else this.#byStem.set(stem, [headword]);
        }
      }
      start = stop + 1;
    }
  }

  get size(): number {
    return this.#raw.size;
  }

  has(headword: string): boolean {
    return this.#raw.has(headword);
  }

  /** The weight of a headword's best translation; 0 when it is no headword. */
  #strength(headword: string): number {
    const raw = this.#raw.get(headword);
    if (raw === undefined) return 0;
    const first = raw.slice(0, raw.indexOf(" ") >= 0 ? raw.indexOf(" ") : raw.length);
    return Number(first.slice(first.lastIndexOf(":") + 1)) || 0;
  }

  /**
   * Translations of the headword itself, then (lower) of headwords with the same stem; when
   * neither exists, of the longest headword stem that begins the word's stem (партнерство →
   * партнер), lower still.
   */
  lookup(word: string): WeightedWord[] {
    const best = new Map<string, number>();
    const add = (headword: string, share: number): void => {
      const raw = this.#raw.get(headword);
      if (raw === undefined) return;
      for (const { word: target, weight } of parseTranslations(raw, `${this.file} (${headword})`)) {
        const scaled = weight * share;
        if ((best.get(target) ?? 0) < scaled) best.set(target, scaled);
      }
    };
    add(word, 1);
    if (this.language === "zh") return ranked(best);
    // Beside a headword of its own, a word's stem siblings are mostly derivations
    // (cooperative beside cooperation), not its inflections: they count for less. A headword
    // known only from a phrase (расчеты, from "square accounts") is no such headword.
    const beside = this.#strength(word) >= STRONG_HEADWORD ? DISTANT_SIBLING_SHARE : 1;
    const stem = stemWord(word, this.language);
    const siblings = (this.#byStem.get(stem) ?? []).filter((sibling) => sibling !== word);
    // The lemma leads: among siblings that are headwords in their own right, the one spelled
    // most like the word (технологии → технология, not технолог; расчеты → расчет, not the
    // phrase-only расчета).
    const strong = siblings.filter((sibling) => this.#strength(sibling) >= STRONG_HEADWORD);
    const pool = strong.length > 0 ? strong : siblings;
    const closest = Math.max(0, ...pool.map((sibling) => likeness(sibling, word)));
    for (const sibling of siblings) {
      const lead = pool.includes(sibling) && likeness(sibling, word) === closest;
      add(sibling, beside * STEM_MATCH_SHARE * (lead ? 1 : DISTANT_SIBLING_SHARE));
    }
    if (best.size > 0) return ranked(best);
    const shortest = Math.max(MIN_PREFIX_STEM, Math.ceil(stem.length * MIN_PREFIX_RATIO));
    for (let length = stem.length - 1; length >= shortest; length -= 1) {
      const headwords = this.#byStem.get(stem.slice(0, length));
      if (!headwords) continue;
      for (const headword of headwords) add(headword, PREFIX_MATCH_SHARE);
      break;
    }
    return ranked(best);
  }
}

/** How alike two forms of one stem are: a longer shared beginning, then a closer length. */
function likeness(a: string, b: string): number {
  let shared = 0;
  while (shared < a.length && a[shared] === b[shared]) shared += 1;
  return shared * 100 - Math.abs(a.length - b.length);
}

function ranked(best: ReadonlyMap<string, number>): WeightedWord[] {
  return [...best]
    .map(([word, weight]) => ({ word, weight: Math.round(weight * 100) / 100 }))
    .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
    .slice(0, TRANSLATION_LIMIT);
}

function readTableFile(directory: string, file: string): string {
  try {
    return readFileSync(join(directory, file), "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new Error(`lexicon: cannot read ${join(directory, file)} (${reason})`);
  }
}

/**
 * Bilingual dictionaries for English, Russian and Chinese: CC-CEDICT (Chinese↔English) and
 * Mueller's English-Russian dictionary, with Russian↔Chinese pivoting through English.
 */
export class Lexicon {
  readonly #tables: Record<Direction, Table>;
  readonly #traditional = new Map<string, string>();

  constructor(directory: string = DEFAULT_LEXICON_DIRECTORY) {
    const table = (direction: Direction, language: Language): Table =>
      new Table(TABLE_FILES[direction], readTableFile(directory, TABLE_FILES[direction]), language);
    this.#tables = {
      "en-ru": table("en-ru", "en"),
      "ru-en": table("ru-en", "ru"),
      "zh-en": table("zh-en", "zh"),
      "en-zh": table("en-zh", "en"),
    };
    for (const line of readTableFile(directory, TRADITIONAL_FILE).split("\n")) {
      const [traditional, simplified] = line.split("\t");
      if (traditional && simplified) this.#traditional.set(traditional, simplified);
    }
  }

  /** Headwords per direction, for statistics. */
  get sizes(): Readonly<Record<Direction | "traditional", number>> {
    return {
      "en-ru": this.#tables["en-ru"].size,
      "ru-en": this.#tables["ru-en"].size,
      "zh-en": this.#tables["zh-en"].size,
      "en-zh": this.#tables["en-zh"].size,
      traditional: this.#traditional.size,
    };
  }

  /**
   * Target-language words for a source word, best first, at most {@link TRANSLATION_LIMIT}:
   * single lowercased words (Russian with ё read as е; Chinese in simplified characters).
   * English and Russian words may be inflected; Chinese may be traditional. Russian↔Chinese
   * goes through English and weighs less ({@link PIVOT_SHARE}). Same language: the word itself.
   */
  translate(word: string, from: Language, to: Language): readonly WeightedWord[] {
    const source = this.#sourceForm(word, from);
    if (!source) return [];
    if (from === to) return [{ word: source, weight: 1 }];
    if (from === "en" || to === "en") {
      return this.#tables[`${from}-${to}` as Direction].lookup(source);
    }
    const best = new Map<string, number>();
    for (const step of this.#tables[`${from}-en` as Direction]
      .lookup(source)
      .slice(0, PIVOT_BREADTH)) {
      for (const target of this.#tables[`en-${to}` as Direction].lookup(step.word)) {
        const weight = step.weight * target.weight * PIVOT_SHARE;
        if ((best.get(target.word) ?? 0) < weight) best.set(target.word, weight);
      }
    }
    return ranked(best);
  }

  #sourceForm(word: string, language: Language): string {
    const normalized = normalizeWord(word, language);
    if (language !== "zh") return normalized;
    return this.#traditional.get(normalized) ?? normalized;
  }

  /** Whether a Chinese string is a CC-CEDICT headword (simplified or traditional). */
  isChineseWord(text: string): boolean {
    return this.#tables["zh-en"].has(text) || this.#traditional.has(text);
  }

  /**
   * Splits text into words: runs of Chinese characters by forward maximum matching against
   * CC-CEDICT (a character no headword starts with stands alone), other letters and digits as
   * whole runs; spaces and punctuation are dropped.
   */
  segmentChinese(text: string): string[] {
    return segmentHan(text, (candidate) => this.isChineseWord(candidate), MAX_SEGMENT_LENGTH);
  }
}

let shared: Lexicon | undefined;

/** The lexicon read from data-lexicon/, read once per process and shared. */
export function loadLexicon(): Lexicon {
  shared ??= new Lexicon();
  return shared;
}
