import type { Language } from "../knowledge/types.js";

/** A question the bot answered, kept so that the "More" button can page through it. */
export interface AnsweredQuestion {
  readonly question: string;
  readonly searched: Language;
  readonly display: Language;
  /** The question's entry in the question log, which further pages add their passages to. */
  readonly entry?: string;
}

/**
 * Recent questions by short id. Callback data holds only the id (64 bytes cannot hold a
 * question in Cyrillic or Chinese); the oldest entries are forgotten, and their buttons then
 * get a polite "ask again".
 */
export class AnswerCache {
  private readonly entries = new Map<string, AnsweredQuestion>();
  private next = Math.floor(Math.random() * 1e6);

  constructor(private readonly capacity = 10_000) {}

  remember(entry: AnsweredQuestion): string {
    const id = (this.next++).toString(36);
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return id;
  }

  recall(id: string): AnsweredQuestion | undefined {
    return this.entries.get(id);
  }
}
