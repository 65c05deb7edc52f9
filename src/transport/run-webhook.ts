import { GrammyError } from "grammy";
import type { WebhookConfig } from "../config.js";
import { StartupError } from "../errors.js";
import { ALLOWED_UPDATES, dispatcher, type Transport } from "./dispatch.js";
import { InFlight } from "./in-flight.js";
import { handleShutdown } from "./shutdown.js";
import { createWebhookServer, type HealthReport } from "./webhook.js";

/**
 * Runs the bot by webhook: listens on the configured port and path, then tells Telegram where
 * to post; on SIGTERM the server stops taking updates and the ones in hand finish.
 * @throws {StartupError} when Telegram refuses WEBHOOK_URL
 */
export async function startWebhook(
  { bot, config, logger, ledger, close }: Transport<WebhookConfig>,
  health: () => HealthReport,
): Promise<void> {
  const { webhook } = config;
  const path = new URL(webhook.url).pathname;
  const inFlight = new InFlight();
  const handle = dispatcher(bot, ledger, logger);
  const server = createWebhookServer({
    path,
    secret: webhook.secret,
    logger,
    health,
    dispatch: (update) => {
      const task = handle(update);
      inFlight.track(task);
      return task;
    },
  });
  handleShutdown(logger, config.shutdownGraceSeconds * 1000, inFlight, {
    stopIntake: () => server.stopIntake(),
    close: async () => {
      await server.close();
      await close();
    },
  });
  await new Promise<void>((resolve) => server.server.listen(webhook.port, resolve));
  try {
    await bot.api.setWebhook(webhook.url, {
      secret_token: webhook.secret,
      allowed_updates: ALLOWED_UPDATES,
    });
  } catch (error) {
    if (error instanceof GrammyError)
      throw new StartupError(`Telegram refused WEBHOOK_URL: ${error.description}`, 1);
    throw error;
  }
  logger.info({ port: webhook.port, path }, "webhook listening");
}
