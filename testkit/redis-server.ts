import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether Debian's redis-server is installed (`.ci/run` installs it). */
export function hasRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** How to run the throw-away Redis. */
export interface RedisOptions {
  /** Port to listen on; default a free one (pass the old port to restart "the same" Redis). */
  port?: number;
  /** Data folder (the append-only file lives there); default a new temporary folder. */
  dir?: string;
  /**
   * The settings the bot needs (README, Deployment): append-only file, fsync every second.
   * False runs Redis's stock no-persistence setup, to check the bot warns about it.
   */
  appendOnly?: boolean;
  /** requirepass. */
  password?: string;
}

/** A running throw-away redis-server. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly child: ChildProcess;
  /** Stops it (SIGTERM: saves; SIGKILL: a crash) and resolves when it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A throw-away redis-server on 127.0.0.1, stopped with `stop()`. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "redis-"));
  const persistence =
    options.appendOnly === false
      ? ["--save", "", "--appendonly", "no"]
      : ["--save", "", "--appendonly", "yes", "--appendfsync", "everysec"];
  const child: ChildProcess = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      ...persistence,
      ...(options.password ? ["--requirepass", options.password] : []),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start in 10 s")), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    child,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
