/**
 * Container health check: in webhook mode (WEBHOOK_URL set) the bot must answer GET /healthz on
 * PORT; in polling mode it opens no port, so there is nothing to probe and the check passes.
 * Reads .env like the bot does. Exit 0: healthy; 1: unhealthy.
 */
import dotenv from "dotenv";

dotenv.config({ quiet: true });

if (!process.env.WEBHOOK_URL) process.exit(0);
const port = process.env.PORT || "8080";
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(4000),
  });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
