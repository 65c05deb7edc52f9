import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { LANGUAGES } from "../../src/knowledge/types.js";

const translator = createTranslator("locales");
const keys = translator.library.resourceKeys("en");

describe("locales", () => {
  it.each(LANGUAGES)(
    "%s has every key of the English locale (telegraf-i18n missingKeys)",
    (language) => {
      expect(translator.missingKeys(language)).toEqual([]);
    },
  );

  it.each(LANGUAGES)("%s has no key the English locale lacks", (language) => {
    expect(translator.extraKeys(language)).toEqual([]);
  });

  it.each(LANGUAGES)("%s uses the same placeholders as English in every text", (language) => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys) {
      const sample = Object.fromEntries(
        placeholders(translator.t("en", key).replace(/\$\{/g, "${")).map((name) => [
          name,
          `\${${name}}`,
        ]),
      );
      expect(placeholders(translator.t(language, key, sample)), `${language}.${key}`).toEqual(
        placeholders(translator.t("en", key, sample)),
      );
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
      id: "i",
      reason: "r",
      text: "t",
    };
    for (const key of keys) {
      expect(translator.t(language, key, values), `${language}.${key}`).toBe(
        translator.library.t(language, key, values),
      );
    }
  });

  it("Russian texts are in Cyrillic and Chinese texts in Chinese characters", () => {
    for (const key of keys.filter((k) => !k.startsWith("language_name"))) {
      const ru = translator.t("ru", key).replace(/\$\{\w+\}|<[^>]+>|\/\w+|@\w+|¶|BOT_TOKEN/g, "");
      const zh = translator.t("zh", key).replace(/\$\{\w+\}|<[^>]+>|\/\w+|@\w+|¶/g, "");
      if (/\p{L}{3}/u.test(translator.t("en", key).replace(/\$\{\w+\}|<[^>]+>|\/\w+/g, ""))) {
        expect(ru, `ru.${key}`).toMatch(/\p{Script=Cyrillic}/u);
        expect(zh, `zh.${key}`).toMatch(/\p{Script=Han}/u);
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
