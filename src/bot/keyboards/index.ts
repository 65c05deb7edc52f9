import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Language } from "../../knowledge/types.js";
import { LANGUAGES } from "../../knowledge/types.js";
import type { Feedback } from "../../questions/record.js";
import type { Passage } from "../../search/engine.js";
import { decodeAction, encodeAction } from "../callback-data.js";
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

/**
 * Per passage "Full ¶n" and "Original ¶n"; then "More" when further passages exist; then 👍 / 👎
 * when the question was logged (`entry`: its id in the question log).
 */
export function answerKeyboard(
  t: Translate,
  passages: readonly Passage[],
  display: Language,
  more?: { answer: string; offset: number },
  entry?: string,
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
  if (more) keyboard.text(t("buttons.more"), encodeAction({ kind: "more", ...more })).row();
  if (entry) {
    for (const verdict of FEEDBACK_VERDICTS)
      keyboard.text(
        feedbackLabel(t, verdict, false),
        encodeAction({ kind: "feedback", entry, verdict }),
      );
  }
  return keyboard;
}

const FEEDBACK_VERDICTS: readonly Feedback[] = ["up", "down"];

/** 👍 or 👎, marked when it is the verdict given. */
export function feedbackLabel(t: Translate, verdict: Feedback, chosen: boolean): string {
  const mark = t(verdict === "up" ? "feedback.up" : "feedback.down");
  return chosen ? t("feedback.chosen", { mark }) : mark;
}

/**
 * The keyboard of an answer after a feedback tap: the same buttons, with the chosen verdict
 * marked and the other one unmarked (a second tap on the other one replaces the first).
 */
export function markFeedback(
  t: Translate,
  markup: InlineKeyboardMarkup,
  entry: string,
  chosen: Feedback,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: markup.inline_keyboard.map((row) =>
      row.map((button) => {
        const action = "callback_data" in button ? decodeAction(button.callback_data) : undefined;
        if (action?.kind !== "feedback" || action.entry !== entry) return button;
        return { ...button, text: feedbackLabel(t, action.verdict, action.verdict === chosen) };
      }),
    ),
  };
}

/** An example question from the knowledge on a button. */
export interface Example {
  readonly document: string;
  readonly number: number;
  readonly language: Language;
  readonly text: string;
}

/** Example questions, one per row. */
export function examplesKeyboard(examples: readonly Example[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const { text, ...action } of examples)
    keyboard.text(text, encodeAction({ kind: "example", ...action })).row();
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
