import { readFileSync } from "node:fs";
import { join } from "node:path";
import TelegrafI18n from "telegraf-i18n";
import { parse } from "yaml";
import { LANGUAGES, type Language } from "../knowledge/types.js";

/**
 * Values filled into `${name}` placeholders. A numeric `count` also picks the variant of a
 * plural text (see {@link createTranslator}).
 */
export type TemplateValues = Readonly<Record<string, string | number>>;

/** The interface texts of the bot, in English, Russian and Chinese. */
export interface Translator {
  /** The text for `key` in `language`, with placeholders filled; the key itself if missing. */
  t(language: Language, key: string, values?: TemplateValues): string;
  /** The texts of `language`, a plural text counted once under its own key (`sources.paragraphs`). */
  keys(language: Language): string[];
  /** The variants (`one`, `few`, …) of the plural text `key` in `language`; undefined if plain. */
  pluralVariants(language: Language, key: string): readonly string[] | undefined;
  /** Texts present in English but missing from `language`. */
  missingKeys(language: Language): string[];
  /** Texts present in `language` but not in English. */
  extraKeys(language: Language): string[];
}

type Tree = { [key: string]: string | Tree };

/** CLDR's plural categories: a map of only these keys is one text in plural variants. */
const PLURAL_CATEGORIES: ReadonlySet<string> = new Set([
  "zero",
  "one",
  "two",
  "few",
  "many",
  "other",
]);

interface LocaleTexts {
  /** Every text by its full key; a plural variant under `<key>.<category>`. */
  readonly leaves: Map<string, string>;
  /** Plural texts: key to the categories it has variants for. */
  readonly plurals: Map<string, string[]>;
}

function flatten(
  tree: Tree,
  prefix = "",
  into: LocaleTexts = { leaves: new Map(), plurals: new Map() },
): LocaleTexts {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.leaves.set(path, value);
    else if (value && typeof value === "object") {
      const children = Object.keys(value);
      if (children.length > 0 && children.every((child) => PLURAL_CATEGORIES.has(child))) {
        into.plurals.set(path, children);
      }
      flatten(value, path, into);
    } else into.leaves.set(path, String(value));
  }
  return into;
}

/** The keys of the texts: the leaves, with the variants of a plural text folded into one. */
function textKeys({ leaves, plurals }: LocaleTexts): string[] {
  const variants = new Set(
    [...plurals].flatMap(([key, categories]) => categories.map((c) => `${key}.${c}`)),
  );
  return [...[...leaves.keys()].filter((key) => !variants.has(key)), ...plurals.keys()];
}

const PLACEHOLDER = /\$\{(\w+)\}/g;

/** Fills `${name}` placeholders; unknown names stay visible rather than vanish. */
export function interpolate(template: string, values: TemplateValues = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/**
 * Loads `locales/<lang>.yaml`. telegraf-i18n holds the repository; texts are rendered from the
 * same strings by {@link interpolate}, because telegraf-i18n compiles each template into a new
 * V8 context per call (about 2,000 renders a second on this machine, too slow for a busy bot).
 * A test checks that both render every text identically.
 *
 * A text whose value is a map of CLDR plural categories (`one: …`, `few: …`, `many: …`,
 * `other: …`) is rendered in the variant `Intl.PluralRules` picks for `values.count`, else in
 * `other`; each language lists the categories its grammar has, so English has `one`/`other`,
 * Russian `one`/`few`/`many`/`other`, and Chinese, with no plural, keeps plain texts.
 */
export function createTranslator(
  directory: string,
): Translator & { readonly library: TelegrafI18n } {
  const library = new TelegrafI18n({ directory, defaultLanguage: "en", allowMissing: true });
  const texts = new Map<Language, LocaleTexts>();
  const rules = new Map<Language, Intl.PluralRules>();
  for (const language of LANGUAGES) {
    const file = join(directory, `${language}.yaml`);
    texts.set(language, flatten(parse(readFileSync(file, "utf8")) as Tree));
    rules.set(language, new Intl.PluralRules(language));
  }
  const template = (language: Language, key: string, values?: TemplateValues) => {
    const locale = texts.get(language);
    const plain = locale?.leaves.get(key);
    if (plain !== undefined || !locale?.plurals.has(key)) return plain;
    const count = values?.count;
    const category = typeof count === "number" ? rules.get(language)?.select(count) : undefined;
    return locale.leaves.get(`${key}.${category ?? "other"}`) ?? locale.leaves.get(`${key}.other`);
  };
  const keysOf = (language: Language) => textKeys(texts.get(language) ?? flatten({}));
  const difference = (from: Language, to: Language) => {
    const present = new Set(keysOf(to));
    return keysOf(from).filter((key) => !present.has(key));
  };
  return {
    library,
    t(language, key, values) {
      const text = template(language, key, values) ?? template("en", key, values);
      return text === undefined ? key : interpolate(text, values);
    },
    keys: keysOf,
    pluralVariants: (language, key) => texts.get(language)?.plurals.get(key),
    missingKeys: (language) => difference("en", language),
    extraKeys: (language) => difference(language, "en"),
  };
}
