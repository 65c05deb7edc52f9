/**
 * `npm run load [-- --users 1000 --questions 6 --soak-seconds 300 --quick --faults-only --no-faults]`
 * 1,000 simulated users ask questions in English, Russian and Chinese through the whole bot
 * pipeline (updates in, Bot API calls out), processed concurrently by grammY's runner
 * (sequential per chat): once in-process with a recording API transformer (the bot's own
 * ceiling), once over HTTP against the local Bot API emulator; then a memory soak; then the
 * fault phase (load/faults.ts): the real bot process through Redis and Bot API outages and a
 * SIGTERM in a burst.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "@grammyjs/runner";
import type { Update, User, UserFromGetMe } from "grammy/types";
import { type App, assembleApp, buildEngine, memoryParts } from "../src/app.js";
import { offlineBotInfo } from "../src/bot/bot-info.js";
import { createTranslator } from "../src/bot/i18n.js";
import { commandLine, wholeNumberOption } from "../src/cli/arguments.js";
import { loadConfig } from "../src/config.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { createLogger } from "../src/logger.js";
import { openQuestionLog } from "../src/questions/open.js";
import { BotApiEmulator, makeUser, privateChat } from "../testkit/telegram/emulator.js";
import { faultPhase } from "./faults.js";

const USAGE =
  "usage: npm run load [-- --users N] [--questions N] [--soak-seconds N] [--quick] [--faults-only] [--no-faults]";
const args = commandLine(
  "load",
  USAGE,
  {
    options: {
      users: { type: "string" },
      questions: { type: "string" },
      "soak-seconds": { type: "string" },
      quick: { type: "boolean", default: false },
      "faults-only": { type: "boolean", default: false },
      "no-faults": { type: "boolean", default: false },
    },
  },
  ({ values }) => {
    const count = (name: "users" | "questions" | "soak-seconds", fallback: number, max: number) =>
      wholeNumberOption("load", USAGE, name, values[name], { min: 1, max, fallback });
    return {
      users: count("users", 1000, 1_000_000),
      questions: count("questions", 6, 10_000),
      soakSeconds: values.quick ? 30 : count("soak-seconds", 300, 86_400),
      faultsOnly: values["faults-only"],
      noFaults: values["no-faults"],
    };
  },
);
const USERS = args.users;
const PER_USER = args.questions;
const SOAK_SECONDS = args.soakSeconds;
const SOAK_RATE = 1000;
const TOKEN = "424242:LOAD-test-token-abcdefghijklmnopqrstu";
const BOT_INFO: UserFromGetMe = offlineBotInfo({
  id: 424242,
  first_name: "Load",
  username: "load_test_bot",
});

// In-domain questions of the labelled set, in all three languages.
const QUESTIONS = readFileSync("test/eval/dev/questions.jsonl", "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { lang: string; q: string; gold: unknown[] })
  .filter((q) => q.gold.length > 0)
  .map((q) => q.q);

const knowledge = await loadKnowledge("knowledge");
const search = { knowledge, engine: await buildEngine(knowledge) };
const translator = createTranslator("locales");
let errors = 0;

// The question log as deployed: files under a temporary DATA_DIR, not kept in memory.
const questionLog = (
  await openQuestionLog(
    loadConfig({
      BOT_TOKEN: TOKEN,
      QUESTION_LOG: "on",
      DATA_DIR: mkdtempSync(join(tmpdir(), "load-log-")),
    }),
  )
).log;

/** The bot's world as main.ts assembles it: preferences in memory, the question log on disk. */
function app(apiRoot?: string): App {
  // The per-user flood limit is lifted: these users ask as fast as the bot answers.
  const config = loadConfig({
    BOT_TOKEN: TOKEN,
    RATE_LIMIT: "100000/1",
    ...(apiRoot ? { TELEGRAM_API_ROOT: apiRoot } : {}),
  });
  const logger = createLogger("warn", [TOKEN], {
    write: (line: string) => {
      if (/"level":(50|60)/.test(line)) {
        errors++;
        if (errors <= 3) process.stderr.write(line);
      }
    },
  });
  return assembleApp(config, logger, {
    ...memoryParts(config, search, translator),
    questions: questionLog,
  });
}

/** Resolves when a given chat gets its next reply. */
class Replies {
  private readonly waiting = new Map<number, () => void>();
  expect(chat: number): Promise<void> {
    return new Promise((resolve) => this.waiting.set(chat, resolve));
  }
  arrived(chat: number): void {
    const resolve = this.waiting.get(chat);
    this.waiting.delete(chat);
    resolve?.();
  }
}

interface Figures {
  readonly answered: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly peakRss: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

function report(name: string, figures: Figures, targets: { rate: number; p99?: number }) {
  const sorted = [...figures.latencies].sort((a, b) => a - b);
  const rate = figures.answered / figures.seconds;
  const p99 = percentile(sorted, 99);
  const ok =
    (rate >= targets.rate || targets.rate === 0) &&
    (targets.p99 === undefined || p99 < targets.p99) &&
    errors === 0 &&
    figures.answered === USERS * PER_USER;
  console.log(
    `${name.padEnd(12)} ${String(figures.answered).padStart(6)}/${USERS * PER_USER} answered in ${figures.seconds.toFixed(2)} s = ${rate.toFixed(0).padStart(5)} questions/s | latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms | peak RSS ${(figures.peakRss / 1e6).toFixed(0)} MB | errors ${errors}`,
  );
  console.log(
    `${"".padEnd(12)} target: ${targets.rate ? `≥ ${targets.rate} questions/s, ` : ""}${targets.p99 ? `p99 < ${targets.p99} ms, ` : ""}no errors, every question answered → ${ok ? "PASS" : "FAIL"}`,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Each user asks PER_USER questions one after another, waiting for each answer; all users at
 * once. With `rate`, users pause between questions so that the crowd offers about `rate`
 * questions a second (latency under a realistic load); without it, they ask as fast as they
 * are answered (the throughput ceiling, where latency is mostly queueing).
 */
async function crowd(
  ask: (user: number, question: string) => Promise<void>,
  rate?: number,
): Promise<Figures> {
  const gap = rate ? (USERS / rate) * 1000 : 0;
  const latencies: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      if (gap) await sleep(Math.random() * gap);
      for (let i = 0; i < PER_USER; i++) {
        const question = QUESTIONS[(user * 7 + i * 13) % QUESTIONS.length] ?? "";
        const t0 = performance.now();
        await ask(user, question);
        latencies.push(performance.now() - t0);
        if (gap) await sleep(gap * (0.5 + Math.random()));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    answered: latencies.length,
    seconds,
    latencies,
    peakRss: Math.max(peakRss, process.memoryUsage().rss),
  };
}

/** The runner fed from memory, every Bot API call answered by the emulator in process. */
function inProcessBot() {
  const bot = app().bot({ botInfo: BOT_INFO });
  const replies = new Replies();
  const telegram = BotApiEmulator.inProcess({
    botInfo: BOT_INFO,
    recordCalls: false,
    maxMessagesPerChat: 5,
  });
  let sent = 0;
  bot.api.config.use(async (_prev, method, payload) => {
    const body = payload as { chat_id?: number; text?: string };
    const response = await telegram.call(method, body as Record<string, unknown>);
    if (method === "sendMessage" && response.ok) {
      sent++;
      queueMicrotask(() => replies.arrived(Number(body.chat_id)));
    }
    return response as never;
  });
  const queue: Update[] = [];
  let wake: (() => void) | undefined;
  const users = new Map<number, User>();
  const handle = run({
    init: () => bot.init(),
    handleUpdate: (update: Update) => bot.handleUpdate(update),
    errorHandler: (error: unknown) => {
      errors++;
      console.error(error);
    },
    api: {
      getUpdates: async ({ limit }, signal) => {
        while (queue.length === 0 && !signal.aborted) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            signal.addEventListener("abort", () => resolve(), { once: true });
          });
        }
        return queue.splice(0, limit);
      },
    },
  });
  const ask = async (user: number, text: string) => {
    let person = users.get(user);
    if (!person) {
      person = makeUser({ first_name: "U" });
      users.set(user, person);
    }
    const reply = replies.expect(person.id);
    telegram.userSendsText(person, privateChat(person), text);
    queue.push(...telegram.takeUpdates());
    wake?.();
    await reply;
  };
  return { ask, stop: () => handle.stop(), sent: () => sent };
}

async function inProcess(): Promise<void> {
  const bot = inProcessBot();
  await crowd(bot.ask); // warm-up (JIT), not reported
  errors = 0;
  report("in-process", await crowd(bot.ask), { rate: 2000 });
  errors = 0;
  report("  paced 2000/s", await crowd(bot.ask, 2000), { rate: 0, p99: 200 });
  await bot.stop();
}

async function overHttp(): Promise<void> {
  const api = await BotApiEmulator.start({
    token: TOKEN,
    botInfo: BOT_INFO,
    recordCalls: false,
    maxMessagesPerChat: 5,
  });
  const bot = app(api.apiRoot).bot();
  const replies = new Replies();
  api.onSettled((call) => {
    if (call.method === "sendMessage" && call.response?.ok)
      replies.arrived(Number((call.payload as { chat_id: number }).chat_id));
  });
  const handle = run(bot, { runner: { silent: true } });
  const users = Array.from({ length: USERS }, () => makeUser());
  const ask = async (user: number, text: string) => {
    const person = users[user] ?? makeUser();
    const reply = replies.expect(person.id);
    api.userSendsText(person, privateChat(person), text);
    await reply;
  };
  errors = 0;
  report("over HTTP", await crowd(ask), { rate: 300 });
  errors = 0;
  report("  paced 600/s", await crowd(ask, 600), { rate: 300, p99: 200 });
  await handle.stop();
  await api.close();
}

async function soak(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const bot = inProcessBot();
  const deadline = Date.now() + SOAK_SECONDS * 1000;
  const samples: { at: number; heap: number }[] = [];
  const started = Date.now();
  let asked = 0;
  const sampler = setInterval(
    () => samples.push({ at: (Date.now() - started) / 1000, heap: heap() }),
    Math.max(1000, (SOAK_SECONDS * 1000) / 30),
  );
  // A sustained 1,000 questions a second: memory must stay flat, not just survive a burst.
  const gap = (USERS / SOAK_RATE) * 1000;
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      await sleep(Math.random() * gap);
      for (let i = 0; Date.now() < deadline; i++) {
        await bot.ask(user, QUESTIONS[(user * 7 + i * 13) % QUESTIONS.length] ?? "");
        asked++;
        await sleep(gap * (0.5 + Math.random()));
      }
    }),
  );
  clearInterval(sampler);
  await bot.stop();
  // The first sixth is warm-up (JIT, caches filling); growth is measured after it.
  const settled = samples.filter((s) => s.at >= SOAK_SECONDS / 6);
  const first = settled[0]?.heap ?? Number.NaN;
  const last = settled.at(-1)?.heap ?? Number.NaN;
  const max = Math.max(...settled.map((s) => s.heap));
  const growth = (last / first - 1) * 100;
  console.log(
    `soak         ${SOAK_SECONDS} s at ~${SOAK_RATE}/s offered, ${asked} questions (${(asked / SOAK_SECONDS).toFixed(0)}/s) | heap after warm-up ${(first / 1e6).toFixed(1)} MB → end ${(last / 1e6).toFixed(1)} MB (max ${(max / 1e6).toFixed(1)} MB): ${growth >= 0 ? "+" : ""}${growth.toFixed(1)}% | errors ${errors}`,
  );
  console.log(
    `${"".padEnd(12)} target: heap growth ≤ +10% after warm-up, no errors → ${growth <= 10 && errors === 0 ? "PASS" : "FAIL"}${gc ? "" : " (run with --expose-gc for exact heap figures)"}`,
  );
}

console.log(
  `Load: ${USERS} users × ${PER_USER} questions (en, ru, zh), grammY runner, sequential per chat; node ${process.version}`,
);
if (!args.faultsOnly) {
  await inProcess();
  await overHttp();
  await soak();
}
if (!args.noFaults) await faultPhase();
