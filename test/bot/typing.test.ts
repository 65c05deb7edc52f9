import { describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.js";
import { withTyping } from "../../src/bot/middlewares/typing.js";

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

describe("the typing indicator", () => {
  it("shows typing… in the same topic when an answer takes noticeable time", async () => {
    const { ctx, actions } = fakeContext();
    await withTyping(ctx, () => new Promise((resolve) => setTimeout(resolve, 450)));
    expect(actions).toEqual([[5, "typing", { message_thread_id: 9 }]]);
  });

  it("stays quiet for the usual sub-millisecond answer", async () => {
    const { ctx, actions } = fakeContext();
    await withTyping(ctx, async () => "done");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(actions).toEqual([]);
  });
});
