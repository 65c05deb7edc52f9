import type { Logger } from "../logger.js";
import type { StoreHealth } from "./preferences.js";

/**
 * Logs that the preference store cannot be read once when it starts and once when it ends,
 * however many updates meet it in between.
 */
export class StoreOutage implements StoreHealth {
  private down = false;

  /** @param store what is unavailable, for the log (`redis 127.0.0.1:6379`, a folder) */
  constructor(
    private readonly store: string,
    private readonly logger: Logger,
  ) {}

  failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    const { code, message } = error as Error & { code?: string };
    this.logger.warn(
      { store: this.store, error: code ?? message },
      "Preferences unavailable: answering in each user's Telegram language until the store is back",
    );
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ store: this.store }, "Preferences available again: using stored choices");
  }
}
