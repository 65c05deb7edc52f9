import { execFile, execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

/**
 * Runs the container's health check with `env` only (and PATH), in an empty folder so that no
 * developer's .env interferes; its exit code.
 */
async function healthcheck(env: Record<string, string>): Promise<number> {
  try {
    await run("node", [resolve("deploy/healthcheck.mjs")], {
      env: { PATH: process.env.PATH ?? "", ...env },
      cwd: tmpdir(),
    });
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

function listen(status: number): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === "/healthz" ? status : 404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : 0 });
    }),
  );
}

describe("the container health check", () => {
  it("passes in polling mode, which opens no port", async () => {
    expect(await healthcheck({})).toBe(0);
  });

  it("passes in webhook mode when /healthz answers 200 on PORT", async () => {
    const { server, port } = await listen(200);
    const code = await healthcheck({ WEBHOOK_URL: "https://bot.example.test/h", PORT: `${port}` });
    server.close();
    expect(code).toBe(0);
  });

  it("fails in webhook mode when /healthz answers an error", async () => {
    const { server, port } = await listen(503);
    const code = await healthcheck({ WEBHOOK_URL: "https://bot.example.test/h", PORT: `${port}` });
    server.close();
    expect(code).toBe(1);
  });

  it("fails in webhook mode when nothing listens", async () => {
    const { server, port } = await listen(200);
    await new Promise((resolve) => server.close(resolve));
    expect(await healthcheck({ WEBHOOK_URL: "https://bot.example.test/h", PORT: `${port}` })).toBe(
      1,
    );
  });
});

describe("the Dockerfile", () => {
  const dockerfile = readFileSync("Dockerfile", "utf8");

  it("copies into the runtime only paths that exist in the repository", () => {
    const copied = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+)/gm)].map((m) =>
      (m[1] ?? "").replace(/\/$/, ""),
    );
    expect(copied.length).toBeGreaterThan(3);
    for (const path of copied.filter((p) => p !== "node_modules"))
      expect(existsSync(path), path).toBe(true);
  });

  it("runs as a user other than root, in the last stage", () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(runtime).toMatch(/^USER (?!root)\w+/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "deploy\/healthcheck\.mjs"\]/m);
  });
});

const hasSystemd = (() => {
  try {
    execFileSync("systemd-analyze", ["--version"], { stdio: "ignore" });
    return existsSync("/usr/bin/node");
  } catch {
    return false;
  }
})();

describe.runIf(hasSystemd)("the systemd unit", () => {
  const folder = mkdtemp(join(tmpdir(), "unit-"));
  afterAll(async () => rm(await folder, { recursive: true, force: true }));

  it("passes systemd-analyze verify", async () => {
    const unit = join(await folder, "cited-docs-bot.service");
    await copyFile("deploy/cited-docs-bot.service", unit);
    const { stderr } = await run("systemd-analyze", ["verify", unit]);
    expect(stderr).toBe("");
  });
});
