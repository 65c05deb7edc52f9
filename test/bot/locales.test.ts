import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { LANGUAGES, type Language } from "../../src/knowledge/types.js";

const translator = createTranslator("locales");
const keys = translator.keys("en");
/** The stored strings of a text in `language`: its plural variants, or the text itself. */
const variantKeys = (language: Language, key: string): string[] =>
  translator.pluralVariants(language, key)?.map((variant) => `${key}.${variant}`) ?? [key];

describe("locales", () => {
  it.each(LANGUAGES)("%s has every text of the English locale", (language) => {
    expect(translator.missingKeys(language)).toEqual([]);
  });

  it.each(LANGUAGES)("%s has no text the English locale lacks", (language) => {
    expect(translator.extraKeys(language)).toEqual([]);
  });

  it.each(LANGUAGES)(
    "%s gives each plural text exactly the CLDR plural categories of its language",
    (language) => {
      const categories = [...new Intl.PluralRules(language).resolvedOptions().pluralCategories];
      for (const key of translator.keys(language)) {
        const variants = translator.pluralVariants(language, key);
        if (variants) expect([...variants].sort(), `${language}.${key}`).toEqual(categories.sort());
      }
    },
  );

  it.each(LANGUAGES)("%s uses the same placeholders as English in every text", (language) => {
    const placeholders = (text: string) =>
      [...new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    for (const key of keys) {
      const english = placeholders(translator.t("en", key));
      for (const variant of variantKeys(language, key)) {
        expect(placeholders(translator.t(language, variant)), `${language}.${variant}`).toEqual(
          english,
        );
      }
    }
  });

  it.each(LANGUAGES)("%s renders every text exactly as telegraf-i18n does", (language) => {
    const values = {
      separator: ", ",
      count: 2,
      documents: "A",
      topics: "T",
      bot: "b",
      author: "Au",
      title: "Ti",
      source: "So",
      date: "D",
      paragraph: 8,
      language: "L",
      example: "e",
      document: "d",
      max: 14,
      index: 1,
      details: "x",
      paragraphs: 4,
      languages: "l",
      missing: "m",
      shown: "s",
      id: "i",
      reason: "r",
      text: "t",
      total: 5,
      answered: 3,
      answered_share: 60,
      closest: 1,
      closest_share: 20,
      none: 1,
      none_share: 20,
      number: 2,
      day: "2026-11-27",
      question: "q",
      up: 1,
      down: 0,
      mark: "m",
      version: "v",
    };
    for (const variant of translator.keys(language).flatMap((key) => variantKeys(language, key))) {
      expect(translator.t(language, variant, values), `${language}.${variant}`).toBe(
        translator.library.t(language, variant, values),
      );
    }
  });

  it("counts in English take the singular for 1 and the plural otherwise", () => {
    const paragraphs = (count: number) => translator.t("en", "sources.paragraphs", { count });
    expect([1, 2].map(paragraphs)).toEqual(["1 paragraph", "2 paragraphs"]);
    expect(translator.t("en", "start.welcome", { count: 1 })).toContain("about 1 document with");
  });

  it("counts in Russian take the one, few and many forms", () => {
    const paragraphs = (count: number) => translator.t("ru", "sources.paragraphs", { count });
    expect([1, 2, 5, 11, 21].map(paragraphs)).toEqual([
      "1 абзац",
      "2 абзаца",
      "5 абзацев",
      "11 абзацев",
      "21 абзац",
    ]);
    expect(translator.t("ru", "unhandled.too_long", { count: 21 })).toContain("до 21 символа");
    expect(translator.t("ru", "unhandled.too_long", { count: 1000 })).toContain("до 1000 символов");
  });

  it("counts in Chinese have one form", () => {
    expect([1, 2].map((count) => translator.t("zh", "sources.paragraphs", { count }))).toEqual([
      "共1段",
      "共2段",
    ]);
  });

  it("Russian texts are in Cyrillic and Chinese texts in Chinese characters", () => {
    for (const key of keys.filter((k) => !k.startsWith("language_name"))) {
      if (!/\p{L}{3}/u.test(translator.t("en", key).replace(/\$\{\w+\}|<[^>]+>|\/\w+/g, ""))) {
        continue;
      }
      for (const variant of variantKeys("ru", key)) {
        const ru = translator
          .t("ru", variant)
          .replace(/\$\{\w+\}|<[^>]+>|\/\w+|@\w+|¶|BOT_TOKEN/g, "");
        expect(ru, `ru.${variant}`).toMatch(/\p{Script=Cyrillic}/u);
      }
      for (const variant of variantKeys("zh", key)) {
        const zh = translator.t("zh", variant).replace(/\$\{\w+\}|<[^>]+>|\/\w+|@\w+|¶/g, "");
        expect(zh, `zh.${variant}`).toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it("no reply text is hard-coded in the bot's code", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
      );
    const offenders: string[] = [];
    for (const file of files("src/bot").filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(file, "utf8");
      // A literal string with words in it as the text of a reply, an edit, or a callback answer.
      const pattern =
        /\b(?:reply|editMessageText|sendMessage)\(\s*(["'])[^"']*\p{L}{2}[^"']*\1|\btext:\s*(["'])[^"']*\p{L}{2}[^"']*\2/gu;
      for (const match of source.matchAll(pattern)) offenders.push(`${file}: ${match[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
