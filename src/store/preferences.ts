import type { StorageAdapter } from "grammy";
import { isLanguage, type Language } from "../knowledge/types.js";

/** What the bot remembers about a user. */
export interface Preferences {
  /** The language chosen with /lang. */
  readonly language: Language;
}

export function isPreferences(value: unknown): value is Preferences {
  return (
    typeof value === "object" &&
    value !== null &&
    isLanguage((value as { language?: unknown }).language)
  );
}

/** Users' preferences on top of any grammY storage adapter (a file store, or Redis). */
export class PreferenceStore {
  constructor(private readonly storage: StorageAdapter<Preferences>) {}

  async get(userId: number): Promise<Preferences | undefined> {
    const value = await this.storage.read(String(userId));
    return isPreferences(value) ? value : undefined;
  }

  /** Resolves once the preference is stored, so that acknowledging it afterwards is honest. */
  async set(userId: number, preferences: Preferences): Promise<void> {
    await this.storage.write(String(userId), preferences);
  }
}
