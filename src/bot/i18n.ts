import { readFileSync } from "node:fs";
import { join } from "node:path";
import TelegrafI18n from "telegraf-i18n";
import { parse } from "yaml";
import { LANGUAGES, type Language } from "../knowledge/types.js";

/** Values filled into `${name}` placeholders. */
export type TemplateValues = Readonly<Record<string, string | number>>;

/** The interface texts of the bot, in English, Russian and Chinese. */
export interface Translator {
  /** The text for `key` in `language`, with placeholders filled; the key itself if missing. */
  t(language: Language, key: string, values?: TemplateValues): string;
  /** Keys present in English but missing from `language` (telegraf-i18n's check). */
  missingKeys(language: Language): string[];
  /** Keys present in `language` but not in English. */
  extraKeys(language: Language): string[];
}

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = "", into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.set(path, value);
    else if (value && typeof value === "object") flatten(value, path, into);
    else into.set(path, String(value));
  }
  return into;
}

const PLACEHOLDER = /\$\{(\w+)\}/g;

/** Fills `${name}` placeholders; unknown names stay visible rather than vanish. */
export function interpolate(template: string, values: TemplateValues = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/**
 * Loads `locales/<lang>.yaml`. telegraf-i18n holds the repository and checks keys; texts are
 * rendered from the same strings by {@link interpolate}, because telegraf-i18n compiles each
 * template into a new V8 context per call (about 2,000 renders a second on this machine, too
 * slow for a busy bot). A test checks that both render every key identically.
 */
export function createTranslator(
  directory: string,
): Translator & { readonly library: TelegrafI18n } {
  const library = new TelegrafI18n({ directory, defaultLanguage: "en", allowMissing: true });
  const texts = new Map<Language, Map<string, string>>();
  for (const language of LANGUAGES) {
    const file = join(directory, `${language}.yaml`);
    texts.set(language, flatten(parse(readFileSync(file, "utf8")) as Tree));
  }
  return {
    library,
    t(language, key, values) {
      const template = texts.get(language)?.get(key) ?? texts.get("en")?.get(key);
      return template === undefined ? key : interpolate(template, values);
    },
    missingKeys: (language) => library.missingKeys(language, "en"),
    extraKeys: (language) => library.overspecifiedKeys(language, "en"),
  };
}
