import { InlineKeyboard } from "grammy";
import type { Language } from "../../knowledge/types.js";
import { LANGUAGES } from "../../knowledge/types.js";
import type { Passage } from "../../search/engine.js";
import { encodeAction } from "../callback-data.js";
import type { Translate } from "../format/citation.js";

/** Language names are shown in their own language, so that anyone finds theirs. */
const NATIVE_NAMES: Record<Language, string> = { en: "English", ru: "Русский", zh: "中文" };

export function languageKeyboard(current: Language): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const language of LANGUAGES) {
    const mark = language === current ? "✓ " : "";
    keyboard.text(mark + NATIVE_NAMES[language], encodeAction({ kind: "language", language }));
  }
  return keyboard;
}

/** Per passage "Full ¶n" and "Original ¶n"; then "More" when further passages exist. */
export function answerKeyboard(
  t: Translate,
  passages: readonly Passage[],
  display: Language,
  more?: { answer: string; offset: number },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const passage of passages) {
    const { id } = passage.document;
    keyboard
      .text(
        t("buttons.full", { paragraph: passage.paragraph }),
        encodeAction({
          kind: "full",
          document: id,
          paragraph: passage.paragraph,
          language: display,
        }),
      )
      .text(
        t("buttons.original", { paragraph: passage.paragraph }),
        encodeAction({ kind: "original", document: id, paragraph: passage.paragraph }),
      )
      .row();
  }
  if (more) keyboard.text(t("buttons.more"), encodeAction({ kind: "more", ...more }));
  return keyboard;
}

/** Example questions from the locale, one per row. */
export function examplesKeyboard(t: Translate): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const number of [1, 2, 3])
    keyboard.text(t(`example.q${number}`), encodeAction({ kind: "example", number })).row();
  return keyboard;
}

/** The translation of a quoted original, one tap away. */
export function translationKeyboard(
  t: Translate,
  document: string,
  paragraph: number,
  language: Language,
): InlineKeyboard {
  return new InlineKeyboard().text(
    t("buttons.translation", { paragraph }),
    encodeAction({ kind: "full", document, paragraph, language }),
  );
}

/** The original of a translated paragraph, one tap away. */
export function originalKeyboard(
  t: Translate,
  document: string,
  paragraph: number,
): InlineKeyboard {
  return new InlineKeyboard().text(
    t("buttons.original", { paragraph }),
    encodeAction({ kind: "original", document, paragraph }),
  );
}
