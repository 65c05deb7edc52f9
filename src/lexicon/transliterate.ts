import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
interface IuliiaSchema {
  readonly name: string;
}
const iuliia = require("iuliia") as {
  translate(source: string, schema: IuliiaSchema): string;
  WIKIPEDIA: IuliiaSchema;
  BGN_PCGN: IuliiaSchema;
  ICAO_DOC_9303: IuliiaSchema;
  ISO_9_1954: IuliiaSchema;
};

const COMBINING = /\p{M}/gu;

/** Lowercase ASCII letters only: diacritics of ISO 9 and the apostrophes of BGN/PCGN dropped. */
function foldToAscii(text: string): string {
  return text
    .normalize("NFKD")
    .replace(COMBINING, "")
    .toLowerCase()
    .replace(/[^a-z-]/g, "");
}

const CYRILLIC_CONSONANT = /[бвгджзйклмнпрстфхцчшщ]/;

// How foreign names and words come back to Latin after passing through Russian: х is often an
// h, кс an x, ю after a consonant a u (Лютер, Luther), ье an ie (Глазьев, Glaziev), уэ and уи
// a w (Уэльс, Wales; Уильям, William).
const FOREIGN_LETTERS: Readonly<Record<string, string>> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "yo",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "h",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

function foreignStyle(word: string): string {
  const letters = [...word];
  let out = "";
  letters.forEach((letter, index) => {
    const previous = letters[index - 1] ?? "";
    const next = letters[index + 1] ?? "";
    if (letter === "к" && next === "с") out += "x";
    else if (letter === "с" && previous === "к") return;
    else if (letter === "ь" && (next === "е" || next === "и")) out += "i";
    else if (letter === "ю" && CYRILLIC_CONSONANT.test(previous)) out += "u";
    else if (letter === "у" && (next === "э" || next === "и")) out += "w";
    else out += FOREIGN_LETTERS[letter] ?? letter;
  });
  return out;
}

/**
 * Latin spellings real texts use for a Cyrillic word, most common first: Wikipedia's English
 * practice, BGN/PCGN, the passport standard (ICAO Doc 9303), a foreign-name reading (х → h,
 * ье → ie, ю → u after a consonant) and ISO 9 without diacritics; duplicates removed.
 * Глазьев → glazyev, glazev, glaziev, … Lowercase; a non-Cyrillic word gives no candidates.
 */
export function latinCandidates(cyrillicWord: string): string[] {
  const word = cyrillicWord.trim().normalize("NFC").toLowerCase();
  if (!/^[\p{Script=Cyrillic}-]+$/u.test(word)) return [];
  const spellings = [
    iuliia.translate(word, iuliia.WIKIPEDIA),
    iuliia.translate(word, iuliia.BGN_PCGN),
    iuliia.translate(word, iuliia.ICAO_DOC_9303),
    foreignStyle(word.replaceAll("ё", "е")),
    iuliia.translate(word, iuliia.ISO_9_1954),
  ]
    // A scheme that leaves a letter untransliterated (BGN/PCGN's ё) offers no usable spelling.
    .filter((spelling) => !/\p{Script=Cyrillic}/u.test(spelling))
    .map(foldToAscii);
  return [...new Set(spellings.filter((spelling) => spelling.length > 0))];
}

/** A Latin letter group, the Cyrillic spellings it may stand for (likeliest first), and where. */
interface Rule {
  readonly latin: string;
  readonly cyrillic: readonly string[];
  readonly when?: (context: { readonly before: string; readonly after: string }) => boolean;
}

const VOWEL = /[aeiouy]/;
const atStart = ({ before }: { before: string }): boolean => before === "";
const atEnd = ({ after }: { after: string }): boolean => after === "";
const afterConsonant = ({ before }: { before: string }): boolean =>
  before !== "" && !VOWEL.test(before.slice(-1));
const beforeFrontVowel = ({ after }: { after: string }): boolean => /^[eiy]/.test(after);

// Longer groups first; the first rule whose letters and context match is used at each position.
const RULES: readonly Rule[] = [
  { latin: "shch", cyrillic: ["щ"] },
  { latin: "tsch", cyrillic: ["ч"] },
  { latin: "ouse", cyrillic: ["аус", "ауз"], when: atEnd },
  { latin: "sch", cyrillic: ["ш", "щ"] },
  { latin: "tch", cyrillic: ["ч"] },
  { latin: "zh", cyrillic: ["ж"] },
  { latin: "kh", cyrillic: ["х"] },
  { latin: "ch", cyrillic: ["ч", "х"] },
  { latin: "sh", cyrillic: ["ш"] },
  { latin: "th", cyrillic: ["т"] },
  { latin: "ph", cyrillic: ["ф"] },
  { latin: "gh", cyrillic: ["г"] },
  { latin: "ck", cyrillic: ["к"] },
  { latin: "qu", cyrillic: ["кв"] },
  { latin: "ts", cyrillic: ["ц", "тс"] },
  { latin: "tz", cyrillic: ["ц"] },
  { latin: "ya", cyrillic: ["я"] },
  { latin: "ja", cyrillic: ["я"] },
  { latin: "yu", cyrillic: ["ю"] },
  { latin: "ju", cyrillic: ["ю"] },
  { latin: "yo", cyrillic: ["е", "йо"] },
  { latin: "ye", cyrillic: ["ье", "е"], when: afterConsonant },
  { latin: "ye", cyrillic: ["е", "йе"] },
  { latin: "ie", cyrillic: ["ье", "ие", "и"], when: afterConsonant },
  { latin: "iu", cyrillic: ["ю"], when: afterConsonant },
  { latin: "ia", cyrillic: ["ия", "я"] },
  { latin: "lu", cyrillic: ["лю", "лу"] },
  { latin: "sky", cyrillic: ["ский"], when: atEnd },
  { latin: "skiy", cyrillic: ["ский"], when: atEnd },
  { latin: "skii", cyrillic: ["ский"], when: atEnd },
  { latin: "ai", cyrillic: ["ай", "аи"], when: ({ after }) => !VOWEL.test(after.slice(0, 1)) },
  { latin: "ei", cyrillic: ["эй", "ай"], when: atStart },
  { latin: "ei", cyrillic: ["ей", "ай"], when: ({ after }) => !VOWEL.test(after.slice(0, 1)) },
  { latin: "oi", cyrillic: ["ой", "уа"], when: ({ after }) => !VOWEL.test(after.slice(0, 1)) },
  { latin: "ee", cyrillic: ["и"] },
  { latin: "oo", cyrillic: ["у"] },
  { latin: "ou", cyrillic: ["у", "ау"] },
  { latin: "ow", cyrillic: ["оу", "ау"] },
  { latin: "ew", cyrillic: ["ью"] },
  { latin: "ay", cyrillic: ["ей", "эй", "ай"] },
  { latin: "ey", cyrillic: ["ей", "и"] },
  { latin: "oy", cyrillic: ["ой"] },
  { latin: "iy", cyrillic: ["ий"] },
  { latin: "yi", cyrillic: ["ый", "ий"], when: atEnd },
  {
    latin: "y",
    cyrillic: ["и", "ий"],
    when: (context) => atEnd(context) && afterConsonant(context),
  },
  { latin: "y", cyrillic: ["й"], when: ({ after }) => VOWEL.test(after.slice(0, 1)) },
  { latin: "y", cyrillic: ["и", "ы"] },
  { latin: "e", cyrillic: ["э", "е"], when: atStart },
  { latin: "e", cyrillic: ["", "е"], when: (context) => atEnd(context) && afterConsonant(context) },
  { latin: "j", cyrillic: ["дж", "й"] },
  { latin: "x", cyrillic: ["кс"] },
  { latin: "c", cyrillic: ["ц", "с"], when: beforeFrontVowel },
  { latin: "c", cyrillic: ["к"] },
  { latin: "w", cyrillic: ["в", "у"] },
  { latin: "h", cyrillic: ["х", "г", ""] },
  { latin: "q", cyrillic: ["к"] },
  { latin: "a", cyrillic: ["а"] },
  { latin: "b", cyrillic: ["б"] },
  { latin: "d", cyrillic: ["д"] },
  { latin: "e", cyrillic: ["е", "э"] },
  { latin: "f", cyrillic: ["ф"] },
  { latin: "g", cyrillic: ["г"] },
  { latin: "i", cyrillic: ["и"] },
  { latin: "k", cyrillic: ["к"] },
  { latin: "l", cyrillic: ["л"] },
  { latin: "m", cyrillic: ["м"] },
  { latin: "n", cyrillic: ["н"] },
  { latin: "o", cyrillic: ["о"] },
  { latin: "p", cyrillic: ["п"] },
  { latin: "r", cyrillic: ["р"] },
  { latin: "s", cyrillic: ["с", "з"] },
  { latin: "t", cyrillic: ["т"] },
  { latin: "u", cyrillic: ["у", "ю"] },
  { latin: "v", cyrillic: ["в"] },
  { latin: "z", cyrillic: ["з"] },
];

/** How many Cyrillic spellings {@link cyrillicCandidates} returns at most. */
export const CYRILLIC_CANDIDATE_LIMIT = 5;
// Partial spellings kept at each step; enough for the few ambiguous groups of one name.
const BEAM_WIDTH = 24;

/**
 * Cyrillic spellings a Latin name or international word is likely to have in Russian texts,
 * likeliest first, at most {@link CYRILLIC_CANDIDATE_LIMIT}: tesla → тесла, luther → лютер,
 * edison → эдисон, westinghouse → вестингхаус, … (Russian spelling follows pronunciation, so
 * these are guesses for fuzzy matching, not exact answers). A word with non-Latin letters gives
 * no candidates.
 */
export function cyrillicCandidates(latinWord: string): string[] {
  if (!/^[\p{Script=Latin}\p{M}'’-]+$/u.test(latinWord.trim())) return [];
  const word = foldToAscii(latinWord.trim()).replaceAll("-", "");
  if (!word) return [];
  // Each partial spelling: how far into the word, the Cyrillic so far, and its cost (sum of
  // the ranks of the alternatives chosen).
  let beam: { at: number; text: string; cost: number }[] = [{ at: 0, text: "", cost: 0 }];
  const done: { text: string; cost: number }[] = [];
  while (beam.length > 0) {
    const next: { at: number; text: string; cost: number }[] = [];
    for (const partial of beam) {
      if (partial.at >= word.length) {
        done.push(partial);
        continue;
      }
      const context = { before: word.slice(0, partial.at), after: "" };
      const rule = RULES.find((candidate) => {
        if (!word.startsWith(candidate.latin, partial.at)) return false;
        const after = word.slice(partial.at + candidate.latin.length);
        return !candidate.when || candidate.when({ ...context, after });
      });
      if (!rule) {
        next.push({ at: partial.at + 1, text: partial.text, cost: partial.cost + 1 });
        continue;
      }
      rule.cyrillic.forEach((cyrillic, rank) => {
        next.push({
          at: partial.at + rule.latin.length,
          text: partial.text + cyrillic,
          cost: partial.cost + rank,
        });
      });
    }
    beam = next.sort((a, b) => a.cost - b.cost).slice(0, BEAM_WIDTH);
  }
  const ranked = done.sort((a, b) => a.cost - b.cost).map(({ text }) => text);
  return [...new Set(ranked.filter((text) => text.length > 0))].slice(0, CYRILLIC_CANDIDATE_LIMIT);
}
