import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Composer } from "grammy";
import { ImportError } from "../../import/errors.js";
import { download } from "../../import/fetch-url.js";
import { type ImportReport, importSource } from "../../import/import.js";
import { MAX_SOURCE_BYTES } from "../../import/limits.js";
import { parseRequestOptions, type RequestOptions } from "../../import/request-options.js";
import { removeDocument } from "../../import/writer.js";
import { KnowledgeError } from "../../knowledge/errors.js";
import { type KnowledgeBase, originalVersion } from "../../knowledge/types.js";
import type { LiveKnowledge } from "../../live-knowledge.js";
import { whileTyping } from "../chat-action.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../format/html.js";

/**
 * Importing from Telegram: ADMIN_USERS send a PDF, DOCX, HTML, TXT or MD file, or
 * `/import URL`, in a private chat; `/remove ID` takes a document out. The knowledge is loaded
 * again after each change and swapped in, so answers use it at once. Everyone else gets a
 * polite refusal.
 */
export const importFeature = new Composer<BotContext>();

const ACCEPTED = /\.(pdf|docx|html?|xhtml|txt|text|md|markdown)$/i;

function isAdmin(ctx: BotContext): boolean {
  return ctx.from !== undefined && ctx.deps.config.adminUsers.includes(ctx.from.id);
}

/** The problem of a failed import, in one line, without the temporary path of a download. */
function reasonOf(error: unknown): string {
  if (error instanceof ImportError) return error.problem;
  if (error instanceof KnowledgeError) return error.message;
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

async function runImport(
  ctx: BotContext,
  live: LiveKnowledge,
  source: string,
  options: RequestOptions,
): Promise<void> {
  let report: ImportReport;
  try {
    report = await whileTyping(ctx, async () => {
      const imported = await importSource(source, {
        knowledgeDir: live.knowledge.directory,
        ...options,
      });
      await reloadAndAnnounce(ctx, live);
      return imported;
    });
  } catch (error) {
    ctx.logger.info({ reason: reasonOf(error) }, "import refused");
    await ctx.reply(ctx.t("import.failed", { reason: escapeHtml(reasonOf(error)) }));
    return;
  }
  const { document } = report;
  const lines = [
    ctx.t(report.replaced ? "import.updated" : "import.done", {
      title: escapeHtml(document.metadata.title),
      id: escapeHtml(document.id),
      language: ctx.t(`language.${document.language}`),
      count: document.paragraphs.length,
    }),
    ...report.warnings.map((text) => ctx.t("import.warning", { text: escapeHtml(text) })),
  ];
  ctx.logger.info({ id: document.id, language: document.language }, "document imported");
  await ctx.reply(lines.join("\n"));
}

/**
 * Loads the folder again after a change made here, and tells the other instances (they load
 * the same shared folder).
 * @throws {KnowledgeError} when the folder is invalid; the running knowledge stays
 */
export async function reloadAndAnnounce(
  ctx: BotContext,
  live: LiveKnowledge,
): Promise<KnowledgeBase> {
  const knowledge = await live.reload();
  await ctx.deps.sync?.announce(knowledge.fingerprint);
  return knowledge;
}

/** Refuses politely unless an administrator writes in a private chat with the bot running live. */
export async function allowed(ctx: BotContext): Promise<LiveKnowledge | undefined> {
  if (!isAdmin(ctx)) {
    await ctx.reply(ctx.t("import.refused"));
    return undefined;
  }
  if (ctx.chat?.type !== "private") {
    await ctx.reply(ctx.t("import.private_only"));
    return undefined;
  }
  return ctx.deps.live;
}

importFeature.command("import", async (ctx) => {
  const live = await allowed(ctx);
  if (!live) return;
  const [first = "", ...rest] = ctx.match.split("\n");
  const url = first.trim();
  if (!/^https?:\/\/\S+$/i.test(url)) {
    await ctx.reply(ctx.t("import.usage"));
    return;
  }
  const options = parseRequestOptions(rest);
  if (typeof options === "string") {
    await ctx.reply(ctx.t("import.failed", { reason: escapeHtml(options) }));
    return;
  }
  await ctx.reply(ctx.t("import.working"));
  await runImport(ctx, live, url, options);
});

importFeature.command("remove", async (ctx) => {
  const live = await allowed(ctx);
  if (!live) return;
  const id = ctx.match.trim().toLowerCase();
  const document = live.knowledge.documents.find((d) => d.id === id);
  if (!id || !document) {
    await ctx.reply(ctx.t("import.remove_usage"));
    return;
  }
  try {
    await removeDocument(live.knowledge.directory, id);
    await reloadAndAnnounce(ctx, live);
  } catch (error) {
    await ctx.reply(ctx.t("import.remove_failed", { reason: escapeHtml(reasonOf(error)) }));
    return;
  }
  ctx.logger.info({ id }, "document removed");
  await ctx.reply(
    ctx.t("import.removed", {
      title: escapeHtml(originalVersion(document).metadata.title),
      id: escapeHtml(id),
    }),
  );
});

importFeature.on("message:document", async (ctx, next) => {
  // Outside private chats a file is not a request to the bot unless an admin sends it.
  if (ctx.chat.type !== "private" && !isAdmin(ctx)) return next();
  const live = await allowed(ctx);
  if (!live) return;
  const { file_name: name = "document", file_size: size = 0 } = ctx.message.document;
  if (!ACCEPTED.test(name)) {
    await ctx.reply(ctx.t("import.unsupported"));
    return;
  }
  if (size > MAX_SOURCE_BYTES) {
    await ctx.reply(ctx.t("import.too_large", { max: MAX_SOURCE_BYTES / 1024 / 1024 }));
    return;
  }
  const options = parseRequestOptions((ctx.message.caption ?? "").split("\n"));
  if (typeof options === "string") {
    await ctx.reply(ctx.t("import.failed", { reason: escapeHtml(options) }));
    return;
  }
  await ctx.reply(ctx.t("import.working"));
  const folder = await mkdtemp(join(tmpdir(), "telegram-import-"));
  try {
    // The files plugin (installed on the bot's API in createBot) gives the file's download
    // address; the importer's own fetch reads it, with its size limit and timeout (the
    // plugin's download() speaks https only, and a self-hosted Bot API may be plain http).
    // The address holds the bot token, so it is never the import's source name.
    const file = (await ctx.getFile()) as Awaited<ReturnType<BotContext["getFile"]>> & {
      getUrl?: () => string;
    };
    if (!file.getUrl) throw new ImportError(name, "the files plugin is not installed");
    const url = file.getUrl();
    const loaded = await whileTyping(ctx, () => download(url, { maxBytes: MAX_SOURCE_BYTES }));
    const path = join(folder, name.replace(/[^\w.-]+/g, "_"));
    await writeFile(path, loaded.bytes);
    await runImport(ctx, live, path, options);
  } catch (error) {
    await ctx.reply(ctx.t("import.failed", { reason: escapeHtml(reasonOf(error)) }));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
