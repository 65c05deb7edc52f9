import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Message, Update, User } from "grammy/types";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import {
  freePort,
  hasRedisServer,
  type RedisServer,
  startRedis,
} from "../../testkit/redis-server.js";
import { BotApiEmulator, makeUser, privateChat } from "../../testkit/telegram/emulator.js";
import { detectEntities } from "../../testkit/telegram/text.js";
import { serve, type TestServer } from "../import/support/server.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

// CI installs redis-server (.ci/run); a developer machine without it skips, CI never does.
const runnable = hasRedisServer() || process.env.CI === "true";

const TOKEN = "777011:INSTANCES-secret-token-abcdefghij01";
const SECRET = "instances_secret_0123456789abcdef";
const PREFIX = "fleet:";
const BRIDGE_PAGE = `Bridges Over the Amur

By Maria Ivanova   Source: Far East Review   Published: 2021-3-12

The new bridge opened to freight traffic in the spring, cutting the journey by a full day.

Trains now carry grain, timber and machinery across the river every night.
`;
const LIGHTHOUSE = docFile({
  front:
    'title: "The Lighthouse Log"\nsource: Coast Guard Archive\npublished: 2019-04\noriginal: true',
  body: [
    "The lighthouse keeper lit the lamp at dusk every evening.",
    "The lighthouse keeper wound the clockwork of the lens twice a night.",
    "In storms the lighthouse keeper rang the fog bell every minute.",
    "The lighthouse keeper wrote the weather into the log at dawn.",
    "Supplies reached the lighthouse keeper by boat once a month.",
    "The lighthouse keeper painted the tower white every spring.",
    "The last lighthouse keeper left when the lamp became automatic.",
  ].join("\n\n"),
});

let api: BotApiEmulator;
let redis: RedisServer;
let pages: TestServer;
let folder: string;
const admin = makeUser({ language_code: "en" });
const stranger = makeUser({ language_code: "en" });
let a: Instance;
let b: Instance;

interface Instance {
  readonly bot: BotProcess;
  readonly port: number;
}

async function startInstance(): Promise<Instance> {
  const port = await freePort();
  const bot = await startBotProcess(
    {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      WEBHOOK_URL: "https://bot.example.test/hook",
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      REDIS_URL: redis.url,
      REDIS_PREFIX: PREFIX,
      KNOWLEDGE_DIR: folder,
      // Nothing but Redis tells an instance about a change made through another one.
      KNOWLEDGE_WATCH: "off",
      ADMIN_USERS: String(admin.id),
    },
    { readyLog: /webhook listening/ },
  );
  return { bot, port };
}

/** Delivers an update to one instance, as Telegram would deliver it to that one's webhook. */
async function deliver(instance: Instance, update: Update): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/hook`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

let nextMessageId = 900_000;

/** `user` writes `text` to the bot, and `instance` gets it; resolves with the bot's reply. */
async function say(
  instance: Instance,
  user: User,
  text: string,
  reply: RegExp = /./,
  timeoutMs = 15_000,
): Promise<Message> {
  const since = api.mark();
  const update = api.sendUpdate({
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: privateChat(user),
      from: user,
      text,
      entities: detectEntities(text),
    },
  } as Omit<Update, "update_id">);
  await deliver(instance, update);
  return api.waitForMessage({ chatId: user.id, text: reply }, timeoutMs, { since });
}

/**
 * `user` (a new one by default: each waits for its own replies) asks `instance` until the
 * answer matches; resolves with the answer and how long it took.
 */
async function askUntil(
  instance: Instance,
  question: string,
  expected: RegExp,
  user: User = makeUser({ language_code: "en" }),
  timeoutMs = 5_000,
) {
  const started = Date.now();
  let text = "";
  while (Date.now() - started < timeoutMs) {
    text = (await say(instance, user, question)).text ?? "";
    if (expected.test(text)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { text, ms: Date.now() - started };
}

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "fleet_e2e_bot" } });
  redis = await startRedis();
  pages = await serve((request, response) => {
    if (request.url === "/amur.txt") {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      response.end(BRIDGE_PAGE);
      return;
    }
    response.writeHead(404);
    response.end();
  });
  folder = await writeTree({ "notes/en.md": docFile(), "lighthouse/en.md": LIGHTHOUSE });
  [a, b] = await Promise.all([startInstance(), startInstance()]);
}, 60_000);

afterAll(async () => {
  const codes = await Promise.all([a?.bot.stop("SIGTERM"), b?.bot.stop("SIGTERM")]);
  await redis?.stop("SIGKILL");
  await pages?.close();
  await api?.close();
  await removeTrees();
  expect(codes).toEqual([0, 0]);
});

describe.runIf(runnable)("two instances on one Redis and one knowledge folder", () => {
  it("refuse /reload to someone who is not an admin", async () => {
    const reply = await say(a, stranger, "/reload");
    expect(reply.text).toBe("Sorry, only the bot's administrators can add or remove documents.");
  });

  it("answer on B, within 5 s, from a document imported through A by an admin", async () => {
    const question = "When did the new bridge open to freight traffic?";
    expect((await say(b, stranger, question)).text).not.toContain("in the spring");
    const imported = await say(a, admin, `/import ${pages.url}/amur.txt`, /^Imported/, 20_000);
    expect(imported.text).toContain("Bridges Over the Amur");
    const { text, ms } = await askUntil(b, question, /in the spring/);
    expect(text).toContain("The new bridge opened to freight traffic in the spring");
    expect(ms).toBeLessThan(5_000);
    await b.bot.waitForLog(/knowledge in step with the announced version/, 1_000);
  }, 30_000);

  it("continue on B an answer A gave, when its More button is tapped on B", async () => {
    const first = await say(a, stranger, "What did the lighthouse keeper do?", /keeper/);
    const buttons = first.reply_markup?.inline_keyboard.flat() ?? [];
    const more = buttons.find((button) => button.text.startsWith("More"));
    const data = more && "callback_data" in more ? more.callback_data : undefined;
    expect(data).toMatch(/^m:[A-Za-z0-9_-]{12}:3$/);
    const since = api.mark();
    const tap = api.sendUpdate({
      callback_query: {
        id: "7000000000000000001",
        from: stranger,
        message: first,
        chat_instance: "fleet",
        data,
      },
    } as Omit<Update, "update_id">);
    await deliver(b, tap);
    const answered = await api.waitForCallbackAnswer("7000000000000000001", 10_000, { since });
    expect((answered.payload as { text?: string }).text).toBeUndefined();
    const next = await api.waitForMessage({ chatId: stranger.id }, 10_000, { since });
    expect(next.text).toContain("lighthouse keeper");
    expect(next.text).toMatch(/^4\./m);
    const shown = (first.text ?? "").split("\n").filter((line) => /lighthouse keeper/.test(line));
    for (const line of shown) expect(next.text).not.toContain(line);
  });

  it("follow the version key within 5 s when the change was announced without a message", async () => {
    writeFileSync(
      join(folder, "notes", "en.md"),
      docFile({ body: "The harbour master keeps the tide tables.\n\nSecond paragraph." }),
    );
    const { fingerprint } = await loadKnowledge(folder);
    const client = new Redis(redis.url);
    try {
      await client.set(`${PREFIX}knowledge:version`, fingerprint);
    } finally {
      client.disconnect();
    }
    const [onA, onB] = await Promise.all([
      askUntil(a, "Who keeps the tide tables?", /harbour master/),
      askUntil(b, "Who keeps the tide tables?", /harbour master/),
    ]);
    expect(onA.text).toContain("The harbour master keeps the tide tables");
    expect(onB.text).toContain("The harbour master keeps the tide tables");
    expect(Math.max(onA.ms, onB.ms)).toBeLessThan(5_000);
  }, 20_000);

  it("keep the old answers when /reload meets a broken file, and tell the admin why", async () => {
    writeFileSync(join(folder, "notes", "ru.md"), "---\ntitle: broken\n---\n");
    const reply = await say(a, admin, "/reload");
    expect(reply.text).toMatch(/^The documents folder does not validate/);
    expect(reply.text).toContain("ru.md");
    expect((await say(a, stranger, "Who keeps the tide tables?")).text).toContain("harbour master");
    expect((await say(b, stranger, "Who keeps the tide tables?")).text).toContain("harbour master");
  });

  it("tell the admin once when the broken folder is met on SIGHUP by both instances", async () => {
    const since = api.mark();
    a.bot.child.kill("SIGHUP");
    b.bot.child.kill("SIGHUP");
    const alert = await api.waitForMessage({ chatId: admin.id }, 10_000, { since });
    expect(alert.text).toMatch(/^A change to the documents folder does not validate/);
    expect(alert.text).toContain("ru.md");
    a.bot.child.kill("SIGHUP");
    await new Promise((r) => setTimeout(r, 1_500));
    const alerts = api
      .sentMessages(admin.id)
      .filter((message) => message.text?.startsWith("A change to the documents folder"));
    expect(alerts).toHaveLength(1);
    expect(a.bot.output().match(/"reason":"SIGHUP"[^\n]*knowledge change refused/g)).toHaveLength(
      2,
    );
  });

  it("reload for an admin, replying with the documents count and version, and B follows", async () => {
    rmSync(join(folder, "notes", "ru.md"));
    writeFileSync(
      join(folder, "notes", "zh.md"),
      docFile({
        front: 'title: "标题"\nsource: 报纸\npublished: 2020-01-02\ntranslated_from: en',
        body: "港务长保管潮汐表。\n\n第二段。",
      }),
    );
    const reply = await say(a, admin, "/reload", /^Reloaded/);
    const { fingerprint, documents } = await loadKnowledge(folder);
    expect(reply.text).toBe(
      `Reloaded the documents folder: ${documents.length} documents, version ${fingerprint.slice(0, 12)}.`,
    );
    const { text, ms } = await askUntil(b, "谁保管潮汐表？", /港务长/);
    expect(text).toContain("港务长保管潮汐表");
    expect(ms).toBeLessThan(5_000);
  });
});
