import { isLanguage, type Language } from "../knowledge/types.js";

/** How the bot replied: confident passages, only the closest one, or nothing. */
export type Outcome = "answered" | "closest" | "none";
export const OUTCOMES: readonly Outcome[] = ["answered", "closest", "none"];

/** A user's verdict on a reply. */
export type Feedback = "up" | "down";

/** A passage the bot showed for a question. */
export interface ShownPassage {
  readonly doc: string;
  readonly paragraph: number;
  /** The engine's calibrated confidence, rounded to two decimals. */
  readonly confidence: number;
  /** Whether the engine presented it as an answer (not as the closest passage). */
  readonly confident: boolean;
}

/** One logged question: what was asked, how it was answered, and what the asker thought. */
export interface QuestionRecord {
  readonly id: string;
  /** When it was asked, in milliseconds since the epoch. */
  readonly at: number;
  /** The language the question was searched in. */
  readonly lang: Language;
  readonly q: string;
  readonly outcome: Outcome;
  readonly passages: readonly ShownPassage[];
  readonly feedback?: Feedback;
  /** A keyed hash of the asker's Telegram id (never the id itself); absent in the terminal. */
  readonly user?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

function isShownPassage(value: unknown): value is ShownPassage {
  return (
    isObject(value) &&
    typeof value.doc === "string" &&
    Number.isInteger(value.paragraph) &&
    typeof value.confidence === "number" &&
    typeof value.confident === "boolean"
  );
}

/** Checks a stored value before it is trusted (a file or a Redis key may hold anything). */
export function isQuestionRecord(value: unknown): value is QuestionRecord {
  return (
    isObject(value) &&
    typeof value.id === "string" &&
    typeof value.at === "number" &&
    Number.isFinite(value.at) &&
    isLanguage(value.lang) &&
    typeof value.q === "string" &&
    (OUTCOMES as readonly unknown[]).includes(value.outcome) &&
    Array.isArray(value.passages) &&
    value.passages.every(isShownPassage) &&
    (value.feedback === undefined || value.feedback === "up" || value.feedback === "down") &&
    (value.user === undefined || typeof value.user === "string")
  );
}
