import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assembleApp, memoryParts } from "../../src/app.js";
import { createTranslator } from "../../src/bot/i18n.js";
import { loadConfig } from "../../src/config.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { LiveKnowledge } from "../../src/live-knowledge.js";
import { createLogger } from "../../src/logger.js";
import { SearchEngine } from "../../src/search/engine.js";
import { BotApiEmulator } from "../../testkit/telegram/emulator.js";
import { NEWS_PAGE } from "../import/support/news-page.js";
import { serve, type TestServer } from "../import/support/server.js";
import { BOT_INFO } from "../support/bot-harness.js";
import { docFile, removeTrees, writeTree } from "../support/temp-knowledge.js";

const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";
const ADMIN = 7;
const STRANGER = 8;

const ARTICLE = `Bridges Over the Amur

By Maria Ivanova   Source: Far East Review   Published: 2021-3-12

The new bridge opened to freight traffic in the spring, cutting the journey by a full day.

Trains now carry grain, timber and machinery across the river every night.
`;

/** Files the fake Bot API server hands out by file_path. */
const files = new Map<string, string>();
let server: TestServer;

beforeAll(async () => {
  // A Bot API stand-in for what grammY's files plugin needs: getFile and the file download.
  server = await serve((request, response) => {
    const path = request.url ?? "";
    if (path === `/bot${TOKEN}/getFile`) {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        const { file_id: id } = JSON.parse(body) as { file_id: string };
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            ok: true,
            result: { file_id: id, file_unique_id: id, file_path: `documents/${id}` },
          }),
        );
      });
      return;
    }
    const download = path.replace(`/file/bot${TOKEN}/documents/`, "");
    if (files.has(download)) {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.end(files.get(download));
      return;
    }
    if (path === "/news") {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(NEWS_PAGE);
      return;
    }
    response.writeHead(404);
    response.end();
  });
});

afterAll(async () => {
  await server.close();
  await removeTrees();
});

interface Bot {
  readonly live: LiveKnowledge;
  readonly replies: string[];
  /** Every Bot API method called, in order. */
  readonly methods: string[];
  send(text: string, user?: number): Promise<void>;
  sendDocument(
    name: string,
    content: string,
    options?: { user?: number; caption?: string },
  ): Promise<void>;
}

let bot: Bot;
let fileCount = 0;

beforeEach(async () => {
  const root = await writeTree({ "first-doc/en.md": docFile() });
  const config = loadConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: server.url,
    ADMIN_USERS: String(ADMIN),
    KNOWLEDGE_DIR: root,
    RATE_LIMIT: "1000/1",
  });
  const build = async (knowledge: KnowledgeBase) => new SearchEngine(knowledge);
  const initial = await loadKnowledge(root);
  const live = new LiveKnowledge(initial, await build(initial), build);
  const logger = createLogger("silent", [TOKEN], { write: () => undefined });
  const app = assembleApp(config, logger, memoryParts(config, live, createTranslator("locales")));
  const grammy = app.bot({ botInfo: BOT_INFO });
  const replies: string[] = [];
  const methods: string[] = [];
  let messageId = 100;
  const telegram = BotApiEmulator.inProcess({ botInfo: BOT_INFO, strictHtml: true });
  grammy.api.config.use(async (prev, method, payload, signal) => {
    methods.push(method);
    // Files come from the test's file server, the rest from the emulated Telegram.
    if (method === "getFile") return prev(method, payload, signal);
    if (method === "sendMessage") replies.push(String((payload as { text: string }).text));
    return telegram.call(method, payload as Record<string, unknown>) as never;
  });
  const deliver = async (update: Omit<Update, "update_id">) => {
    telegram.sendUpdate(update);
    for (const queued of telegram.takeUpdates()) await grammy.handleUpdate(queued);
  };
  const message = (user: number) => ({
    message_id: ++messageId,
    date: 0,
    chat: { id: user, type: "private" as const, first_name: "Ann" },
    from: { id: user, is_bot: false, first_name: "Ann", language_code: "en" },
  });
  bot = {
    live,
    replies,
    methods,
    async send(text, user = ADMIN) {
      const command = /^\/\w+/.exec(text);
      const entities = command
        ? [{ type: "bot_command", offset: 0, length: command[0].length }]
        : [];
      await deliver({ message: { ...message(user), text, entities } } as Omit<Update, "update_id">);
    },
    async sendDocument(name, content, options = {}) {
      const id = `file-${++fileCount}`;
      files.set(id, content);
      await deliver({
        message: {
          ...message(options.user ?? ADMIN),
          document: { file_id: id, file_unique_id: id, file_name: name, file_size: content.length },
          ...(options.caption ? { caption: options.caption } : {}),
        },
      } as Omit<Update, "update_id">);
    },
  };
});

describe("importing from Telegram", () => {
  it("imports a file an administrator sends and says what it imported", async () => {
    await bot.sendDocument("amur.txt", ARTICLE);
    expect(bot.replies.at(-1)).toBe(
      "Imported “Bridges Over the Amur” (id bridges-over-the-amur): English, 2 paragraphs. You can ask about it now.",
    );
  });

  it("shows typing… while it downloads and imports, not after", async () => {
    await bot.sendDocument("amur.txt", ARTICLE);
    expect(bot.methods).toEqual([
      "sendMessage", // working…
      "getFile",
      "sendChatAction", // the download
      "sendChatAction", // the import and reload
      "sendMessage", // imported
    ]);
  });

  it("answers from an imported document at once, without a restart", async () => {
    await bot.sendDocument("amur.txt", ARTICLE);
    bot.replies.splice(0);
    await bot.send("Which goods do trains carry across the river at night?");
    expect(bot.replies.join("\n")).toContain("grain, timber and machinery");
  });

  it("takes missing metadata from the file's caption", async () => {
    await bot.sendDocument(
      "note.txt",
      "Ferries cross the strait twice a day in summer and once in winter.",
      {
        caption: "title: Ferry Times\nsource: Harbour Notes\npublished: 2022-06",
      },
    );
    expect(bot.replies.at(-1)).toContain("Imported “Ferry Times” (id ferry-times)");
    expect(bot.live.knowledge.documents.map((d) => d.id)).toContain("ferry-times");
  });

  it("escapes a title with HTML characters in its HTML reply", async () => {
    await bot.sendDocument("tides.txt", "The tide turns twice a day at the mouth of the bay.", {
      caption: "title: Tides & <Currents>\nsource: Harbour Notes\npublished: 2022-06",
    });
    expect(bot.replies.at(-1)).toContain("Imported “Tides &amp; &lt;Currents&gt;”");
  });

  it("reports a bad file in one line and changes nothing", async () => {
    await bot.sendDocument("broken.pdf", "%PDF-1.7 nothing else");
    expect(bot.replies.at(-1)).toMatch(
      /^Nothing was imported\. The problem: not a readable PDF: the file is damaged/,
    );
    expect(bot.live.knowledge.documents.map((d) => d.id)).toEqual(["first-doc"]);
  });

  it("imports a web page with /import URL", async () => {
    await bot.send(`/import ${server.url}/news`);
    expect(bot.replies.at(-1)).toContain(
      "Imported “Ports Reopen After Storm” (id ports-reopen-after-storm): English, 4 paragraphs.",
    );
  });

  it("takes a document out with /remove and stops answering from it", async () => {
    await bot.sendDocument("amur.txt", ARTICLE);
    await bot.send("/remove bridges-over-the-amur");
    expect(bot.replies.at(-1)).toBe(
      "Removed “Bridges Over the Amur” (id bridges-over-the-amur). I no longer answer from it.",
    );
    expect(bot.live.knowledge.documents.map((d) => d.id)).toEqual(["first-doc"]);
    expect(join(bot.live.knowledge.directory)).not.toContain("import-view");
  });

  it("refuses to remove the last document", async () => {
    await bot.send("/remove first-doc");
    expect(bot.replies.at(-1)).toMatch(
      /^Nothing was removed\. The problem: cannot be removed: without it no documents/,
    );
  });

  it("politely refuses /import from someone who is not an administrator", async () => {
    await bot.send(`/import ${server.url}/news`, STRANGER);
    expect(bot.replies).toEqual([
      "Sorry, only the bot's administrators can add or remove documents.",
    ]);
    expect(bot.live.knowledge.documents).toHaveLength(1);
  });

  it("politely refuses a file from someone who is not an administrator", async () => {
    await bot.sendDocument("amur.txt", ARTICLE, { user: STRANGER });
    expect(bot.replies).toEqual([
      "Sorry, only the bot's administrators can add or remove documents.",
    ]);
  });

  it("says which files it can import", async () => {
    await bot.sendDocument("photo.jpg", "not really a photo");
    expect(bot.replies).toEqual(["I can import PDF, DOCX, HTML, TXT and MD files."]);
  });
});
