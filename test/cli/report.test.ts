import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { readLabelled } from "../../src/evaluation/labelled.js";
import { loadSet } from "../../src/evaluation/sets.js";
import { QuestionLog } from "../../src/questions/log.js";
import { isQuestionRecord, type QuestionRecord } from "../../src/questions/record.js";
import { FileStorage } from "../../src/store/file-storage.js";
import { nodeArguments } from "../../testkit/bot-build.js";
import { createHarness } from "../support/bot-harness.js";

const run = promisify(execFile);
const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/** Runs `npm run report` in `cwd` (where its .env is read), with only PATH from this process. */
const report = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  run("node", [...nodeArguments("src/cli/report.ts"), ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
  });

let root: string;

beforeAll(async () => {
  // Questions asked through the real bot, logged in a data folder as `npm start` would.
  root = await mkdtemp(join(tmpdir(), "report-"));
  const config = loadConfig({ BOT_TOKEN: TOKEN, DATA_DIR: join(root, "data") });
  const files = await FileStorage.open<QuestionRecord>(
    join(root, "data", "questions"),
    isQuestionRecord,
  );
  const log = new QuestionLog(files, config.questionLog);
  const bot = createHarness({}, undefined, undefined, log);
  await bot.send("payments in national currencies");
  await bot.send("What did Glazyev say about sanctions?");
  await bot.send("What's the weather in Paris tomorrow?");
  await bot.send("Что Глазьев сказал о санкциях?", { language: "ru" });
  await log.flush();
  await files.flush();
  // The same configuration as `npm start`: DATA_DIR comes from .env.
  await writeFile(join(root, ".env"), `DATA_DIR=${join(root, "data")}\n`);
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe("npm run report", () => {
  it("reads .env and sums up the logged questions", async () => {
    const { stdout } = await report([], root);
    expect(stdout).toContain("Questions in the last 30 days: 4");
    expect(stdout).toContain("Answered: 3 (75%)");
    expect(stdout).toContain("By language: en 3 · ru 1 · zh 0");
    expect(stdout).toMatch(/1×\s+\[en\] What's the weather in Paris tomorrow\?/);
  });

  it("gives the same figures as JSON", async () => {
    const { stdout } = await report(["--json"], root);
    const parsed = JSON.parse(stdout);
    expect(parsed.total).toBe(4);
    expect(parsed.outcomes).toEqual({ answered: 3, closest: 0, none: 1 });
  });

  it("exports the questions as an evaluation set that eval reads back", async () => {
    const set = join(root, "set");
    const file = join(set, "questions.jsonl");
    const { stdout } = await report(["--export", file], root);
    expect(stdout).toContain("Wrote 4 questions");
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual({
      lang: "en",
      q: "payments in national currencies",
      doc: "glaziev-partnership-model",
      paragraph: 8,
    });
    expect(lines).toContainEqual({
      lang: "en",
      q: "What's the weather in Paris tomorrow?",
      doc: null,
      paragraph: null,
    });
    const labelled = await readLabelled(file);
    expect(labelled.find((q) => q.lang === "ru")?.gold).toEqual([
      { doc: "think-tanks-collaboration", para: 3 },
    ]);
    const [evaluation] = await loadSet(set, "knowledge");
    expect(evaluation?.questions).toHaveLength(4);
    expect(evaluation?.knowledge.documents.length).toBe(2);
    const { stdout: measured } = await run(
      "node",
      [...nodeArguments("src/cli/eval.ts"), "--set", set],
      { encoding: "utf8" },
    );
    expect(measured).toContain("set: 2 documents, 4 questions");
  });

  it("refuses unknown options with its usage", async () => {
    await expect(report(["--bogus"], root)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("usage: npm run report"),
    });
  });

  it("says the log is off rather than report nothing", async () => {
    const off = join(root, "off");
    await mkdir(off, { recursive: true });
    await writeFile(join(off, ".env"), "QUESTION_LOG=off\n");
    await expect(report([], off)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("QUESTION_LOG=off"),
    });
  });
});
