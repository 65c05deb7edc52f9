import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";

/** What `/healthz` reports: ready only when everything the bot needs answers. */
export interface HealthReport {
  readonly ready: boolean;
  readonly [part: string]: string | boolean;
}

/** Settings of {@link createWebhookServer}. */
export interface WebhookOptions {
  /** The path Telegram posts to (the path of WEBHOOK_URL). */
  readonly path: string;
  readonly secret: string;
  readonly logger: Logger;
  /** Handles one update; never rejects. */
  readonly dispatch: (update: Update) => Promise<void>;
  /** Cheap (no network call): a snapshot of what the bot knows. */
  readonly health: () => HealthReport;
}

/** Telegram's updates are a few kilobytes; 1 MB is far above any real one. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Telegram resends an update it got no answer for; past this, answer 200 and go on working. */
const REPLY_WITHIN_MS = 10_000;
/** Limits that keep idle or slow clients from holding sockets (slowloris, idle floods). */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const IDLE_SOCKET_MS = 5_000;
const KEEP_ALIVE_MS = 5_000;
/**
 * Telegram opens at most `max_connections` (40 by default, 100 at most); 900 stays under the
 * usual limit of 1,024 open files, so a flood of idle connections is refused (and logged) rather
 * than exhausting the process's files, and clears within {@link IDLE_SOCKET_MS}.
 */
const MAX_CONNECTIONS = 900;

/** The webhook server with its shutdown controls. */
export interface WebhookServer {
  readonly server: Server;
  /** Refuses new requests with 503 (Telegram resends them to the next instance). */
  stopIntake(): void;
  /** Closes every remaining connection. */
  close(): Promise<void>;
}

/**
 * An HTTP server for Telegram's webhook: checks the secret header in constant time, reads at
 * most {@link BODY_LIMIT_BYTES} (413 above), answers malformed JSON with 400, and answers 200
 * once the update is handled (or after 10 s, the update going on in the background), so that a
 * failed update is never resent. `GET /healthz` reports readiness without calling anything.
 */
export function createWebhookServer(options: WebhookOptions): WebhookServer {
  const { logger } = options;
  const expected = Buffer.from(options.secret);
  let accepting = true;
  let lastDropLog = 0;

  const server = createServer(
    { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS },
    (request, response) => {
      void route(request, response).catch((error: unknown) => {
        logger.error({ err: error }, "webhook request failed");
        if (!response.headersSent) response.writeHead(500).end();
      });
    },
  );
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.maxConnections = MAX_CONNECTIONS;
  server.setTimeout(IDLE_SOCKET_MS);
  server.on("drop", () => {
    if (Date.now() - lastDropLog < 60_000) return;
    lastDropLog = Date.now();
    logger.warn({ maxConnections: MAX_CONNECTIONS }, "webhook: too many connections, refusing");
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url?.split("?")[0];
    if (request.method === "GET" && path === "/healthz") {
      const report = options.health();
      response
        .writeHead(report.ready ? 200 : 503, { "content-type": "application/json" })
        .end(JSON.stringify(report));
      return;
    }
    if (request.method !== "POST" || path !== options.path) return refuse(response, 404);
    if (!accepting) return refuse(response, 503);
    const given = request.headers["x-telegram-bot-api-secret-token"];
    const secret = Buffer.from(typeof given === "string" ? given : "");
    if (secret.length !== expected.length || !timingSafeEqual(secret, expected))
      return refuse(response, 401);
    const declared = Number(request.headers["content-length"]);
    if (declared > BODY_LIMIT_BYTES) return refuse(response, 413);
    const body = await readBody(request);
    if (body === undefined) return refuse(response, 413);
    let update: unknown;
    try {
      update = JSON.parse(body.toString("utf8"));
    } catch {
      return refuse(response, 400);
    }
    if (typeof (update as Partial<Update> | null)?.update_id !== "number")
      return refuse(response, 400);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      options.dispatch(update as Update),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, REPLY_WITHIN_MS);
      }),
    ]);
    clearTimeout(timer);
    response.writeHead(200).end();
  }

  return {
    server,
    stopIntake() {
      accepting = false;
      // Stop listening, and let go of keep-alive connections no request is using.
      server.close();
      server.closeIdleConnections();
    },
    async close() {
      server.closeAllConnections();
    },
  };
}

/** Refuses with `status`, closing the connection when the body was not read. */
function refuse(response: ServerResponse, status: number): void {
  response.writeHead(status, { connection: "close" }).end();
}

/** The body, or undefined as soon as it exceeds the limit (the rest is not read). */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        request.removeAllListeners("data");
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
