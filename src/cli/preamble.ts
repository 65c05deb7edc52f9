/**
 * What every command-line tool does first, imported for its effect:
 * - reads `.env` into the environment, as `npm start` does, so that every command sees the same
 *   configuration (KNOWLEDGE_DIR, DATA_DIR, REDIS_URL…); variables already set win;
 * - ends quietly when its output is closed early (`npm run ask … | head`), instead of a stack
 *   trace for EPIPE.
 */
import dotenv from "dotenv";

dotenv.config({ quiet: true });

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
