import { describe, expect, it } from "vitest";
import { whileTyping } from "../../src/bot/chat-action.js";
import type { BotContext } from "../../src/bot/context.js";
import { createHarness } from "../support/bot-harness.js";

function fakeContext() {
  const actions: unknown[][] = [];
  const ctx = {
    chat: { id: 5 },
    msg: { is_topic_message: true, message_thread_id: 9 },
    api: { sendChatAction: async (...args: unknown[]) => void actions.push(args) },
    logger: { debug: () => {} },
  } as unknown as BotContext;
  return { ctx, actions };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("typing… during slow work", () => {
  it("shows typing… in the same topic as soon as the work starts", async () => {
    const { ctx, actions } = fakeContext();
    let seenAtStart: unknown[][] = [];
    await whileTyping(ctx, async () => {
      seenAtStart = [...actions];
      await wait(20);
    });
    expect(seenAtStart).toEqual([[5, "typing", { message_thread_id: 9 }]]);
  });

  it("renews it while the work lasts, and stops when the work is done", async () => {
    const { ctx, actions } = fakeContext();
    await whileTyping(ctx, () => wait(350), 100);
    const whenDone = actions.length;
    await wait(250);
    expect(whenDone).toBeGreaterThanOrEqual(3);
    expect(actions).toHaveLength(whenDone);
  });
});

describe("answering a question", () => {
  it("sends no typing… even when the Bot API is slow", async () => {
    const bot = createHarness({}, undefined, undefined, undefined, { latencyMs: 400 });
    await bot.send("What is the Power of Siberia pipeline?");
    await wait(100);
    expect(bot.calls.map((c) => c.method)).toEqual(["sendMessage"]);
  });
});
