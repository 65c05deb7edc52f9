import { createHash } from "node:crypto";
import type { Api } from "grammy";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { PreferenceStore } from "../store/preferences.js";
import { MESSAGE_FORMAT } from "./api-transformers.js";
import { escapeHtml } from "./format/html.js";
import type { Translator } from "./i18n.js";

/**
 * With several instances on one Redis, the first to meet a refused change tells the admins and
 * the others stay quiet for this long: they all meet the same broken file within seconds (the
 * watcher's debounce, the sync's check).
 */
export const ALERT_CLAIM_SECONDS = 60;

/** The part of the Bot API alerts use. */
export type AlertApi = Pick<Api, "sendMessage">;

/** Where alerts come from. */
export interface AlertOptions {
  readonly adminUsers: readonly number[];
  readonly translator: Translator;
  /** The admins' chosen languages (English when they chose none). */
  readonly preferences: PreferenceStore;
  readonly logger: Logger;
  /** Shared with the other instances, so that only one of them tells the admins. */
  readonly redis?: { readonly client: Redis; readonly prefix: string };
}

/**
 * Tells the ADMIN_USERS, in a private message in their language, that a change to the
 * knowledge (from the folder watcher, SIGHUP or another instance) did not validate and the
 * previous knowledge keeps serving. Once per distinct problem: retries and repeated saves of the
 * same broken file do not repeat it; after a successful reload, the same problem is news again.
 */
export class KnowledgeAlerts {
  private api: AlertApi | undefined;
  private told: string | undefined;

  constructor(private readonly options: AlertOptions) {}

  /** The API to send with, once the bot exists (refusals before it are only logged). */
  attach(api: AlertApi): void {
    this.api = api;
  }

  /** A reload succeeded: a later refusal is news again. */
  reloaded(): void {
    this.told = undefined;
  }

  /** A change was refused with `problem` (one line); resolves when the admins are told. */
  async refused(problem: string): Promise<void> {
    const { adminUsers, logger } = this.options;
    if (problem === this.told || adminUsers.length === 0) return;
    this.told = problem;
    const api = this.api;
    if (!api) {
      logger.info("admins not told of the refused knowledge change: the bot is not started yet");
      return;
    }
    if (!(await this.claim(problem))) return;
    let sent = 0;
    for (const admin of adminUsers) {
      const language = (await this.options.preferences.get(admin))?.language ?? "en";
      const text = this.options.translator.t(language, "reload.refused_alert", {
        reason: escapeHtml(problem),
      });
      try {
        await api.sendMessage(admin, text, MESSAGE_FORMAT);
        sent++;
      } catch (error) {
        // An admin who never opened a chat with the bot cannot be written to.
        logger.warn(
          { admin, error: (error as Error).message },
          "could not tell an admin about the refused knowledge change",
        );
      }
    }
    logger.info({ admins: sent }, "admins told about the refused knowledge change");
  }

  /** Whether this instance is the one to tell (always, without Redis or while it is down). */
  private async claim(problem: string): Promise<boolean> {
    const shared = this.options.redis;
    if (!shared) return true;
    const hash = createHash("sha256").update(problem).digest("hex").slice(0, 16);
    try {
      const reply = await shared.client.set(
        `${shared.prefix}knowledge:alerted:${hash}`,
        "1",
        "EX",
        ALERT_CLAIM_SECONDS,
        "NX",
      );
      return reply === "OK";
    } catch {
      return true; // Better told twice than not at all.
    }
  }
}
