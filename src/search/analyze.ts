import { createRequire } from "node:module";
import { normalizeCyrillic, normalizeLatin, stripInvisible } from "./normalize.js";
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS, RUSSIAN_STOPWORDS } from "./stopwords.js";

const require = createRequire(import.meta.url);
const snowball = require("snowball-stemmers") as {
  newStemmer(language: string): { stem(word: string): string };
};

/** The writing system of a token; it decides how the token is normalised and stemmed. */
export type Script = "latin" | "cyrillic" | "han";

/** A word (or, in Chinese, a character bigram) with where it stands in the analysed text. */
export interface Token {
  /** The index term: normalised and stemmed. */
  readonly term: string;
  /** A second index term for the same word, when stemming is unsure (Russian surnames). */
  readonly alt?: string;
  /** The normalised, unstemmed word; what fuzzy matching compares. */
  readonly word: string;
  readonly script: Script;
  /** UTF-16 offsets of the token in the analysed text. */
  readonly start: number;
  readonly end: number;
}

// A run of Chinese characters, or a word of letters, marks and digits (with inner apostrophes).
const TOKEN =
  /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+(?:['’](?:(?!\p{Script=Han})[\p{L}\p{M}])+)*)/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;

const english = snowball.newStemmer("english");
const russian = snowball.newStemmer("russian");
// Snowball is the hot spot of indexing; real text repeats words, so a bounded memo pays off
// (large enough for the half million inflected forms of a 100,000-paragraph Russian text).
const stemCache = new Map<string, { term: string; alt?: string }>();
const STEM_CACHE_LIMIT = 1_000_000;

// Russian surnames in the nominative (Глазьев, Путин) lose their suffix to Snowball, while
// their other cases keep it (Глазьева → глазьев): index both stems so that every case meets.
const SURNAME_SUFFIX = /(ьев|ьёв|ев|ёв|ов|ин|ын)$/;

function stemWord(word: string, script: "latin" | "cyrillic"): { term: string; alt?: string } {
  const key = script === "latin" ? `l${word}` : `c${word}`;
  const cached = stemCache.get(key);
  if (cached) return cached;
  let result: { term: string; alt?: string };
  if (script === "latin") {
    result = { term: /^\p{N}+$/u.test(word) ? word : english.stem(word) };
  } else {
    const term = russian.stem(word);
    const suffix = SURNAME_SUFFIX.exec(word);
    result = suffix && term === word.slice(0, -suffix[0].length) ? { term, alt: word } : { term };
  }
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(key, result);
  return result;
}

// Analysis of a surface word (as written in the text) without its position: texts repeat words,
// so one Map lookup replaces script detection, Unicode normalisation and the stem cache.
type WordAnalysis = Omit<Token, "start" | "end">;
const wordCache = new Map<string, WordAnalysis | null>();
const WORD_CACHE_LIMIT = 1_000_000;

function analyzeWord(raw: string): WordAnalysis | null {
  const cyrillic = CYRILLIC.test(raw);
  const word = cyrillic ? normalizeCyrillic(raw) : normalizeLatin(raw);
  if (!word) return null;
  const script = cyrillic ? "cyrillic" : "latin";
  const { term, alt } = stemWord(word, script);
  return alt ? { term, alt, word, script } : { term, word, script };
}

function wordToken(raw: string, start: number): Token | undefined {
  let analysis = wordCache.get(raw);
  if (analysis === undefined) {
    analysis = analyzeWord(raw);
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(raw, analysis);
  }
  if (analysis === null) return undefined;
  const end = start + raw.length;
  const { term, alt, word, script } = analysis;
  return alt === undefined
    ? { term, word, script, start, end }
    : { term, alt, word, script, start, end };
}

function pushBigrams(tokens: Token[], run: string, offset: number): void {
  const chars = Array.from(run);
  let position = offset;
  for (let i = 0; i < chars.length - 1; i++) {
    const a = chars[i] ?? "";
    const b = chars[i + 1] ?? "";
    const term = a + b;
    tokens.push({ term, word: term, script: "han", start: position, end: position + term.length });
    position += a.length;
  }
}

/**
 * Splits text into index tokens: Latin words stemmed with the English Snowball stemmer,
 * Cyrillic words with the Russian one, Chinese as overlapping character bigrams (Chinese has no
 * spaces, and a dictionary segmenter does not know the names in our documents).
 * Nothing is dropped: stopwords stay in the index, and questions leave them out.
 */
export function tokenize(text: string): Token[] {
  return scan(text, pushBigrams, () => true);
}

/** The one pass over text both tokenizers share: Chinese runs one way, words another. */
function scan(
  text: string,
  onHan: (tokens: Token[], run: string, offset: number) => void,
  keepWord: (token: Token) => boolean,
): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index ?? 0;
    if (match[1]) {
      onHan(tokens, match[1], start);
    } else if (match[2]) {
      const token = wordToken(match[2], start);
      if (token && keepWord(token)) tokens.push(token);
    }
  }
  return tokens;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

function isStopword(token: Token): boolean {
  return token.script === "cyrillic"
    ? RUSSIAN_STOPWORDS.has(token.word)
    : ENGLISH_STOPWORDS.has(token.word);
}

/**
 * Bigrams of a Chinese question: question words and particles (什么, 如何, 吗…) are removed
 * using ICU word boundaries, then bigrams are taken inside each remaining word and across runs
 * of single characters (ICU splits unknown names like 格拉济耶夫 into characters).
 */
function questionBigrams(tokens: Token[], run: string, offset: number): void {
  let chunk = "";
  let chunkStart = offset;
  const flush = () => {
    if (chunk.length >= 2) pushBigrams(tokens, chunk, chunkStart);
    chunk = "";
  };
  for (const { segment, index } of segmenter.segment(run)) {
    if (CHINESE_STOPWORDS.has(segment)) {
      flush();
    } else if (Array.from(segment).length === 1) {
      if (!chunk) chunkStart = offset + index;
      chunk += segment;
    } else {
      flush();
      pushBigrams(tokens, segment, offset + index);
    }
  }
  flush();
}

/**
 * Tokens of a question: like {@link tokenize}, but without stopwords and question words in
 * any of the three languages, and with Chinese segmented before taking bigrams.
 */
export function tokenizeQuestion(question: string): Token[] {
  return scan(stripInvisible(question), questionBigrams, (token) => !isStopword(token));
}
