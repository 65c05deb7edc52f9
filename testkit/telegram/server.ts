/**
 * The emulator's HTTP side: `POST /bot{token}/{method}` with a JSON or multipart body (what
 * grammY sends), each call recorded, met by an injected fault or answered by its method.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BotApiEmulator } from "./emulator.js";
import { type FaultInjector, faultResponse, proxyErrorPage } from "./faults.js";
import { badRequest, isObject, maybeJson, type Payload } from "./payload.js";
import {
  type ApiResponse,
  BotApiError,
  type Fault,
  type MethodHandler,
  type RecordedCall,
} from "./types.js";
import type { CallRecorder } from "./waits.js";

/** What the server answers with. */
export interface ServerParts {
  readonly token: string;
  readonly recorder: CallRecorder;
  readonly faults: FaultInjector;
  /** Method handlers by canonical name. */
  readonly handlers: ReadonlyMap<string, MethodHandler>;
  /** Spells a method name as Telegram does ("sendmessage" → "sendMessage"). */
  readonly canonical: (method: string) => string;
  /** Handed to method handlers. */
  readonly emulator: BotApiEmulator;
}

/** An HTTP server on 127.0.0.1 speaking the Bot API. */
export class BotApiServer {
  private readonly server: http.Server;
  private readonly token: string;
  private readonly recorder: CallRecorder;
  private readonly faults: FaultInjector;
  private readonly handlers: ReadonlyMap<string, MethodHandler>;
  private readonly canonical: (method: string) => string;
  private readonly emulator: BotApiEmulator;
  /** Responses a "timeout" fault holds back; destroyed on close. */
  private readonly held = new Set<http.ServerResponse>();
  private port = 0;

  constructor(parts: ServerParts) {
    this.token = parts.token;
    this.recorder = parts.recorder;
    this.faults = parts.faults;
    this.handlers = parts.handlers;
    this.canonical = parts.canonical;
    this.emulator = parts.emulator;
    this.server = http.createServer(
      { keepAlive: true, noDelay: true, requestTimeout: 0 },
      (req, res) => this.onRequest(req, res),
    );
    // Never close idle keep-alive sockets: a client (grammY's agent) reusing a socket exactly when
    // the server times it out would see a spurious "socket hang up".
    this.server.keepAliveTimeout = 0;
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:PORT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Destroys held responses and closes every connection. */
  close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), 50).unref();
    });
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("error", () => {}); // client went away mid-request; nothing to answer
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        this.dispatch(
          req,
          res,
          chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        );
      } catch (error) {
        this.sendJson(res, 500, {
          ok: false,
          error_code: 500,
          description: `Internal Server Error: ${String(error)}`,
        });
      }
    });
  }

  private sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) return;
    const json = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
    });
    res.end(json);
  }

  /** The parameters of a call: grammY sends JSON, or multipart when it uploads a file. */
  private parseBody(req: http.IncomingMessage, body: Buffer): Payload {
    const payload: Payload = {};
    if (body.length === 0) return payload;
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    if (type.startsWith("application/json")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        throw badRequest("can't parse JSON object");
      }
      if (!isObject(parsed)) throw badRequest("JSON object expected");
      return Object.assign(payload, parsed);
    }
    if (type.startsWith("multipart/form-data")) {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
      const value = boundary?.[1] ?? boundary?.[2];
      if (value === undefined) throw badRequest("multipart boundary is missing");
      return Object.assign(payload, parseMultipart(body, value.trim()));
    }
    throw badRequest(`unsupported content type ${type}`);
  }

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (match === null) {
      this.sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const token = decodeURIComponent(match[1] as string);
    const rawMethod = match[2] as string;
    const method = this.canonical(rawMethod);
    let payload: Payload;
    let parseError: BotApiError | undefined;
    try {
      payload = this.parseBody(req, body);
    } catch (error) {
      payload = {};
      parseError = error instanceof BotApiError ? error : badRequest(String(error));
    }
    const call = this.recorder.record(method, payload);
    if (token !== this.token) {
      this.answer(res, call, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    if (parseError !== undefined) {
      this.answer(res, call, this.errorResponse(parseError));
      return;
    }
    const fault = this.faults.take(method);
    if (fault !== undefined) {
      call.fault = fault;
      this.applyFault(req, res, call, fault);
      return;
    }
    this.execute(res, call, (response) => this.answer(res, call, response));
  }

  /** Runs the handler; `done` gets the response (synchronously unless the handler is async). */
  private execute(
    res: http.ServerResponse,
    call: RecordedCall,
    done: (response: ApiResponse) => void,
  ): void {
    const handler = this.handlers.get(call.method);
    if (handler === undefined) {
      done({ ok: false, error_code: 404, description: "Not Found: method not found" });
      return;
    }
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.once("close", onClose);
    let result: unknown;
    try {
      result = handler(call.payload as Payload, {
        method: call.method,
        call,
        signal: controller.signal,
        emulator: this.emulator,
      });
    } catch (error) {
      done(this.errorResponse(error));
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (value: unknown) => done({ ok: true, result: value }),
        (error: unknown) => done(this.errorResponse(error)),
      );
    } else {
      done({ ok: true, result });
    }
  }

  private errorResponse(error: unknown): ApiResponse {
    if (error instanceof BotApiError) {
      const response: ApiResponse = {
        ok: false,
        error_code: error.errorCode,
        description: error.description,
      };
      if (error.parameters !== undefined) response.parameters = error.parameters;
      return response;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { ok: false, error_code: 500, description: `Internal Server Error: ${message}` };
  }

  private answer(res: http.ServerResponse, call: RecordedCall, response: ApiResponse): void {
    const status = response.ok ? 200 : response.error_code;
    if (res.destroyed || res.writableEnded) {
      this.recorder.settle(call, undefined, response, true);
      return;
    }
    this.sendJson(res, status, response);
    this.recorder.settle(call, status, response, false);
  }

  private applyFault(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    call: RecordedCall,
    fault: Fault,
  ): void {
    const json = faultResponse(fault);
    if (json !== undefined) {
      this.answer(res, call, json);
      return;
    }
    switch (fault.kind) {
      case "http": {
        if (res.destroyed) {
          this.recorder.settle(call, undefined, undefined, true);
          return;
        }
        const page = proxyErrorPage(fault.status);
        res.writeHead(fault.status, {
          "content-type": "text/html",
          "content-length": Buffer.byteLength(page),
        });
        res.end(page);
        this.recorder.settle(call, fault.status, undefined, false);
        return;
      }
      case "drop":
        req.socket.destroy();
        this.recorder.settle(call, undefined, undefined, false);
        return;
      case "timeout": {
        this.held.add(res);
        this.execute(res, call, (response) => {
          if (fault.ms === Number.POSITIVE_INFINITY) {
            // never answered; close() destroys the socket
            res.once("close", () => {
              this.held.delete(res);
              this.recorder.settle(call, undefined, response, true);
            });
            return;
          }
          const timer = setTimeout(() => {
            this.held.delete(res);
            this.answer(res, call, response);
          }, fault.ms);
          res.once("close", () => {
            if (!res.writableFinished) {
              clearTimeout(timer);
              this.held.delete(res);
              this.recorder.settle(call, undefined, response, true);
            }
          });
        });
        return;
      }
    }
  }
}

function parseMultipart(body: Buffer, boundary: string): Payload {
  const result: Payload = {};
  const files = new Map<string, { filename: string; size: number; content_type: string }>();
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body[start] === 45 && body[start + 1] === 45) break; // closing "--"
    if (body[start] === 13) start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, Math.max(start, next - 2));
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
      const contentType = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1] ?? "";
      if (name !== undefined) {
        if (filename !== null) {
          files.set(name, {
            filename: filename[1] ?? filename[2] ?? "",
            size: content.length,
            content_type: contentType,
          });
        } else {
          result[name] = maybeJson(content.toString("utf8"));
        }
      }
    }
    pos = next;
  }
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const file = files.get(value.slice(9));
      if (file !== undefined) result[key] = { uploaded: file };
    }
  }
  return result;
}
