/**
 * Faults a test injects into the emulated Bot API: which call meets which fault, and what
 * Telegram (or the proxy in front of it) answers then. The server applies them (see server.ts).
 */
import { NOT_MODIFIED } from "./payload.js";
import type { ApiResponse, Fault, FaultHandle } from "./types.js";

interface FaultEntry {
  method: string;
  fault: Fault;
  remaining: number;
  hits: number;
  active: boolean;
}

/** The faults scheduled for the next calls, or for every call until stopped. */
export class FaultInjector {
  private nextFaults: FaultEntry[] = [];
  private whileFaults: FaultEntry[] = [];

  /** `canonical` spells a method name as Telegram does ("sendmessage" → "sendMessage"). */
  constructor(private readonly canonical: (method: string) => string) {}

  /** The next `times` calls of `method` ("*": any method except getUpdates) get `fault`. */
  failNext(method: string, fault: Fault, times = 1): FaultHandle {
    const entry = this.entry(method, fault, times);
    this.nextFaults.push(entry);
    return handle(entry);
  }

  /** Every call of `method` ("*": any except getUpdates) gets `fault` until `stop()`. */
  failWhile(method: string, fault: Fault): FaultHandle {
    const entry = this.entry(method, fault, Number.POSITIVE_INFINITY);
    this.whileFaults.push(entry);
    return handle(entry);
  }

  /** Removes all injected faults. */
  clear(): void {
    for (const entry of [...this.nextFaults, ...this.whileFaults]) entry.active = false;
    this.nextFaults = [];
    this.whileFaults = [];
  }

  /** The fault for this call of `method`, if any; counts it as a hit. */
  take(method: string): Fault | undefined {
    if (this.nextFaults.length === 0 && this.whileFaults.length === 0) return undefined;
    const applies = (e: FaultEntry) =>
      e.active && (e.method === method || (e.method === "*" && method !== "getUpdates"));
    const next = this.nextFaults.find(applies);
    if (next !== undefined) {
      next.hits++;
      next.remaining--;
      if (next.remaining <= 0) next.active = false;
      this.nextFaults = this.nextFaults.filter((e) => e.active);
      return next.fault;
    }
    this.whileFaults = this.whileFaults.filter((e) => e.active);
    for (let i = this.whileFaults.length - 1; i >= 0; i--) {
      const entry = this.whileFaults[i] as FaultEntry;
      if (applies(entry)) {
        entry.hits++;
        return entry.fault;
      }
    }
    return undefined;
  }

  private entry(method: string, fault: Fault, times: number): FaultEntry {
    const name = method === "*" ? "*" : this.canonical(method);
    return { method: name, fault, remaining: times, hits: 0, active: times > 0 };
  }
}

function handle(entry: FaultEntry): FaultHandle {
  return {
    stop: () => {
      entry.active = false;
    },
    get hits() {
      return entry.hits;
    },
    get active() {
      return entry.active;
    },
  };
}

/** The JSON error Telegram answers for a fault, or undefined for faults that are not JSON. */
export function faultResponse(fault: Fault): ApiResponse | undefined {
  switch (fault.kind) {
    case "retryAfter":
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${fault.seconds}`,
        parameters: { retry_after: fault.seconds },
      };
    case "blocked":
      return { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" };
    case "notModified":
      return { ok: false, error_code: 400, description: NOT_MODIFIED };
    case "error": {
      const response: ApiResponse = {
        ok: false,
        error_code: fault.code,
        description: fault.description,
      };
      if (fault.parameters !== undefined) response.parameters = fault.parameters;
      return response;
    }
    default:
      return undefined;
  }
}

/** The HTML page nginx shows when the Bot API behind it fails. */
export function proxyErrorPage(status: 500 | 502): string {
  const title = status === 500 ? "500 Internal Server Error" : "502 Bad Gateway";
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`;
}
