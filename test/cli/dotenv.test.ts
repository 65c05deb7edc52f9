import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { nodeArguments } from "../../testkit/bot-build.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

const run = promisify(execFile);

afterAll(removeTrees);

/** A folder whose .env points KNOWLEDGE_DIR at a one-document knowledge base about apples. */
async function projectWithEnv(): Promise<string> {
  const knowledge = await writeTree({
    "apples/en.md": docFile({
      front: 'title: "Apple Growing"\nsource: Orchard Weekly\npublished: 2021\noriginal: true',
      body: "Apple trees need pruning every winter.\n\nOrchards are watered in dry summers.",
    }),
  });
  const project = await writeTree({});
  await writeFile(join(project, ".env"), `KNOWLEDGE_DIR=${knowledge}\n`);
  return project;
}

/** Runs a command-line tool in `cwd` with nothing from this process's environment but PATH. */
const cli = (tool: string, args: string[], cwd: string) =>
  run("node", [...nodeArguments(`src/cli/${tool}.ts`), ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "" },
  });

describe("every command reads .env like npm start", () => {
  it("check-knowledge validates the KNOWLEDGE_DIR that .env names", async () => {
    const { stdout } = await cli("check-knowledge", [], await projectWithEnv());
    expect(stdout).toMatch(/: 1 documents?, /);
    expect(stdout).toContain("apples: 2 paragraphs");
  });

  it("ask searches the KNOWLEDGE_DIR that .env names", async () => {
    const { stdout } = await cli(
      "ask",
      ["--json", "When are apple trees pruned?"],
      await projectWithEnv(),
    );
    expect(JSON.parse(stdout).results[0]).toMatchObject({ document: "apples", paragraph: 1 });
  });
});
