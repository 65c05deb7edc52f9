import { Composer, InputFile } from "grammy";
import { buildReport } from "../../questions/report.js";
import { replyAll } from "../answers/index.js";
import type { BotContext } from "../context.js";
import { chartLabels, formatStats } from "../format/stats.js";

/**
 * /stats for the operators (ADMIN_USERS), in a private chat: the question log summed up, and a
 * chart of the questions per day by outcome. Everyone else is refused politely.
 */
export const statsFeature = new Composer<BotContext>();

statsFeature.command("stats", async (ctx) => {
  const { config, questions } = ctx.deps;
  if (!ctx.from || !config.adminUsers.includes(ctx.from.id)) {
    await ctx.reply(ctx.t("stats.refused"));
    return;
  }
  if (ctx.chat.type !== "private") {
    await ctx.reply(ctx.t("stats.private_only"));
    return;
  }
  if (!questions.enabled) {
    await ctx.reply(ctx.t("stats.log_off"));
    return;
  }
  const days = questions.options.days;
  const report = buildReport(await questions.entries(), questions.now());
  if (report.total === 0) {
    await ctx.reply(ctx.t("stats.empty", { count: days }));
    return;
  }
  await replyAll(ctx, formatStats(ctx.t, report, days));
  // Vega takes ~150 ms to load: only an operator's /stats pays for it, not every start-up.
  const { chartPng } = await import("../../questions/chart.js");
  const png = await chartPng(report.days, chartLabels(ctx.t));
  await ctx.replyWithPhoto(new InputFile(png, "questions-per-day.png"));
});
