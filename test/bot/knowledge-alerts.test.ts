import { GrammyError, MemorySessionStorage } from "grammy";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { type AlertApi, KnowledgeAlerts } from "../../src/bot/knowledge-alerts.js";
import { createLogger } from "../../src/logger.js";
import { PreferenceStore, type Preferences } from "../../src/store/preferences.js";

const PROBLEM = "notes/ru.md: line 2: missing field source (add source: … to the front matter)";
const translator = createTranslator("locales");

/** Alerts for `admins`, the first of whom chose Russian; records what is sent, and the log. */
async function alertsFor(admins: number[], unreachable: number[] = []) {
  const preferences = new PreferenceStore(new MemorySessionStorage<Preferences>());
  if (admins[0] !== undefined) await preferences.set(admins[0], { language: "ru" });
  const sent: { chat: number; text: string }[] = [];
  const log: string[] = [];
  const api = {
    sendMessage: async (chat: number, text: string) => {
      if (unreachable.includes(chat))
        throw new GrammyError(
          "Call to 'sendMessage' failed! (403: Forbidden: bot can't initiate conversation with a user)",
          {
            ok: false,
            error_code: 403,
            description: "Forbidden: bot can't initiate conversation with a user",
          },
          "sendMessage",
          {},
        );
      sent.push({ chat, text });
      return {};
    },
  } as unknown as AlertApi;
  const alerts = new KnowledgeAlerts({
    adminUsers: admins,
    translator,
    preferences,
    logger: createLogger("info", [], { write: (line: string) => log.push(line) }),
  });
  alerts.attach(api);
  return { alerts, sent, log };
}

describe("telling the admins about a refused knowledge change", () => {
  it("writes to every admin in the language they chose (English by default), with the problem escaped", async () => {
    const { alerts, sent } = await alertsFor([1, 2]);
    await alerts.refused(`${PROBLEM} <b>`);
    expect(sent.map((m) => m.chat)).toEqual([1, 2]);
    expect(sent[0]?.text).toMatch(/^После изменения папка с документами не проходит проверку/);
    expect(sent[1]?.text).toMatch(/^A change to the documents folder does not validate/);
    expect(sent[1]?.text).toContain("notes/ru.md: line 2");
    expect(sent[1]?.text).toContain("&lt;b&gt;");
  });

  it("tells once per distinct problem, and again after a successful reload", async () => {
    const { alerts, sent } = await alertsFor([1]);
    await alerts.refused(PROBLEM);
    await alerts.refused(PROBLEM);
    expect(sent).toHaveLength(1);
    await alerts.refused("another problem");
    expect(sent).toHaveLength(2);
    alerts.reloaded();
    await alerts.refused("another problem");
    expect(sent).toHaveLength(3);
  });

  it("still tells the other admins when one cannot be written to, and logs that one", async () => {
    const { alerts, sent, log } = await alertsFor([1, 2, 3], [2]);
    await alerts.refused(PROBLEM);
    expect(sent.map((m) => m.chat)).toEqual([1, 3]);
    expect(log.filter((line) => line.includes("could not tell an admin"))).toHaveLength(1);
  });

  it("only logs before the bot exists", async () => {
    const preferences = new PreferenceStore(new MemorySessionStorage<Preferences>());
    const log: string[] = [];
    const alerts = new KnowledgeAlerts({
      adminUsers: [1],
      translator,
      preferences,
      logger: createLogger("info", [], { write: (line: string) => log.push(line) }),
    });
    await alerts.refused(PROBLEM);
    expect(log.join("")).toContain("the bot is not started yet");
  });
});
