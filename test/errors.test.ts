import { describe, expect, it } from "vitest";
import { UsageError } from "../src/cli/arguments.js";
import { ConfigError } from "../src/config.js";
import { StartupError } from "../src/errors.js";
import { KnowledgeError } from "../src/knowledge/errors.js";
import { StoreError } from "../src/store/file-storage.js";
import { RedisStartError } from "../src/store/redis-connection.js";

describe("start-up errors", () => {
  it("share one base class, so every entry point ends them the same way", () => {
    const errors = [
      new ConfigError(["BOT_TOKEN: missing"]),
      new KnowledgeError("knowledge/a/en.md", 3, "no title"),
      new StoreError("data/preferences/1.json", "not JSON"),
      new RedisStartError("Redis at localhost:6379 is unreachable"),
      new UsageError("ask", "--limit must be a whole number", "usage: npm run ask"),
    ];
    expect(errors.every((error) => error instanceof StartupError)).toBe(true);
  });

  it("exit with 2 for a wrong configuration and 1 for everything else", () => {
    expect(new ConfigError(["PORT: must be a port number"]).exitCode).toBe(2);
    expect(new UsageError("ask", "--bogus", "usage: npm run ask").exitCode).toBe(2);
    expect(new KnowledgeError("knowledge/a/en.md", 3, "no title").exitCode).toBe(1);
    expect(new StoreError("data/preferences/1.json", "not JSON").exitCode).toBe(1);
  });

  it("report in one line what was being done, keeping the message itself unprefixed", () => {
    const knowledge = new KnowledgeError("knowledge/a/en.md", 3, "no title");
    expect(knowledge.message).toBe("knowledge/a/en.md:3: no title");
    expect(knowledge.report).toBe("Invalid knowledge: knowledge/a/en.md:3: no title");
    expect(new StoreError("data/preferences/1.json", "not JSON").report).toMatch(
      /^Cannot open the preference store: data\/preferences\/1\.json: not JSON\./,
    );
  });
});
