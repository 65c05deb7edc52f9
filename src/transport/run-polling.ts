import { ALLOWED_UPDATES, dispatcher, type Transport } from "./dispatch.js";
import { InFlight } from "./in-flight.js";
import { DEFAULT_CONCURRENCY, Poller } from "./polling.js";
import { handleShutdown } from "./shutdown.js";

/**
 * Runs the bot by long polling until it is stopped: updates are fetched, handled once each,
 * and on SIGTERM the ones in hand finish and are confirmed before the app closes.
 */
export async function startPolling({
  bot,
  config,
  logger,
  ledger,
  close,
}: Transport): Promise<void> {
  const inFlight = new InFlight();
  const poller = new Poller(
    bot.api,
    logger,
    {
      allowedUpdates: ALLOWED_UPDATES,
      timeoutSeconds: config.pollTimeoutSeconds,
      retryMaxSeconds: config.retryMaxSeconds,
      concurrency: DEFAULT_CONCURRENCY,
    },
    inFlight,
    dispatcher(bot, ledger, logger),
  );
  const shutdown = handleShutdown(logger, config.shutdownGraceSeconds * 1000, inFlight, {
    stopIntake: () => poller.stop(),
    close: async () => {
      try {
        await poller.confirm();
      } catch (error) {
        logger.warn(
          { error: (error as Error).message },
          "could not confirm the last updates: they may be delivered again after the restart",
        );
      }
      await close();
    },
  });
  logger.info("polling");
  const end = await poller.run();
  if (end === "unauthorized") shutdown("BOT_TOKEN rejected", 1);
}
