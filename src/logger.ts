import pino, { type Logger } from "pino";

export type { Logger };

/**
 * A pino logger writing JSON lines to `destination`, with every occurrence of the secrets
 * replaced: grammY's network errors can carry the request URL, which contains the token.
 */
export function createLogger(
  level: string,
  secrets: readonly string[],
  destination: { write(line: string): unknown } = process.stdout,
): Logger {
  const hidden = secrets.filter((s) => s.length >= 8);
  const stream = {
    write(line: string) {
      let safe = line;
      for (const secret of hidden) safe = safe.replaceAll(secret, "[secret]");
      destination.write(safe);
    },
  };
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ["token", "*.token", "config.botToken"],
    },
    stream,
  );
}
