import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { nodeArguments } from "../../testkit/bot-build.js";

const run = promisify(execFile);
const ask = (args: string[], input?: string) => {
  const child = run("node", [...nodeArguments("src/cli/ask.ts"), ...args], { encoding: "utf8" });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
};

describe("npm run ask", () => {
  it("answers one question as JSON", async () => {
    const { stdout } = await ask(["--json", "--limit", "2", "Which think tanks cooperate?"]);
    const result = JSON.parse(stdout);
    expect(result.language).toBe("en");
    expect(result.results).toHaveLength(2);
    expect(result.results[0]).toMatchObject({
      document: "glaziev-partnership-model",
      paragraph: 12,
    });
    expect(Object.keys(result.results[0])).toEqual(
      expect.arrayContaining(["document", "paragraph", "score", "text", "source", "snippet"]),
    );
  });

  it("answers every line of standard input in order, one JSON object per line", async () => {
    const { stdout } = await ask(["--lang", "en"], "weather tomorrow\nGlazyev on sanctions\n");
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.query)).toEqual(["weather tomorrow", "Glazyev on sanctions"]);
    expect(lines[0].results).toEqual([]);
    expect(lines[1].results[0].paragraph).toBe(3);
  });

  it("prints a readable answer with a citation", async () => {
    const { stdout } = await ask(["Glazyev on sanctions"]);
    expect(stdout).toContain(
      "“China and Russia Think Tanks Increase Collaboration for Coordinating Policy”, EIR News Service, 24 July, ¶3",
    );
  });

  it.each([[["--lang", "fr", "x"]], [["--limit", "zero", "x"]], [["--bogus"]]])(
    "exits 2 with usage on bad arguments %j",
    async (args) => {
      await expect(ask(args)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining("usage:"),
      });
    },
  );
});
