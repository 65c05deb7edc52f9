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

/** Told whether the store could be read, so that an outage is logged once, not per update. */
export interface StoreHealth {
  failed(error: unknown): void;
  succeeded(): void;
}

/** Users' preferences on top of any grammY storage adapter (a file store, or Redis). */
export class PreferenceStore {
  constructor(
    private readonly storage: StorageAdapter<Preferences>,
    private readonly health?: StoreHealth,
  ) {}

  /**
   * The user's preferences; undefined when none are stored, or when the store cannot be read
   * (Redis down or frozen): answering in Telegram's language is degraded service, silence is not.
   */
  async get(userId: number): Promise<Preferences | undefined> {
    let value: unknown;
    try {
      value = await this.storage.read(String(userId));
    } catch (error) {
      this.health?.failed(error);
      return undefined;
    }
    this.health?.succeeded();
    return isPreferences(value) ? value : undefined;
  }

  /** Resolves once the preference is stored, so that acknowledging it afterwards is honest. */
  async set(userId: number, preferences: Preferences): Promise<void> {
    await this.storage.write(String(userId), preferences);
  }
}
