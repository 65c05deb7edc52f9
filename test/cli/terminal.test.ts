import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeArguments } from "../../testkit/bot-build.js";

function runMain(args: string[], input: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("node", [...nodeArguments("src/main.ts"), ...args], {
      env: {
        ...process.env,
        BOT_TOKEN: "",
        DATA_DIR: mkdtempSync(join(tmpdir(), "data-")),
        LOG_LEVEL: "warn",
        LANG: "en_US.UTF-8",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("the terminal chat", () => {
  it("runs the bot's handlers on typed lines and taps numbered buttons", async () => {
    const { code, stdout } = await runMain(
      ["--terminal"],
      "/start\n1\n2\nweather in Paris\n/lang\n3\n本币结算\n",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("Current International Partnership Model");
    expect(stdout).toContain("[1] How should China and Russia settle payments?");
    expect(stdout).toContain("China Pictorial, 4 April 2019, ¶8");
    expect(stdout).toContain("Original text (English):");
    expect(stdout).toContain("  │ Second, transitioning to settlements");
    expect(stdout).toContain("I found nothing about that");
    expect(stdout).toContain("第8段");
  });

  it("refuses piped input without a token in one line, pointing to BOT_TOKEN and ask", async () => {
    const { code, stderr, stdout } = await runMain([], "hello\n");
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("BOT_TOKEN");
    expect(stderr).toContain("npm run --silent ask");
    expect(stdout).toBe("");
  });

  it("stops at start-up with one line naming a broken knowledge file", async () => {
    const { code, stderr } = await runMain(["--terminal"], "", { KNOWLEDGE_DIR: "test" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid knowledge: test\//);
  });

  it("reports an invalid configuration without echoing the token", async () => {
    const { code, stderr } = await runMain([], "", { BOT_TOKEN: "not-a-token-secret-value" });
    expect(code).toBe(2);
    expect(stderr).toContain("BOT_TOKEN: does not look like a bot token");
    expect(stderr).not.toContain("not-a-token-secret-value");
  });
});
