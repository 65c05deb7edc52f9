/**
 * What the Bot API would answer, for a recording transformer that sends nothing: a message
 * for sendMessage (with a fresh id), `true` for everything else.
 */
export function fakeApiResult(
  method: string,
  payload: Record<string, unknown>,
  messageId: number,
): never {
  if (method === "sendMessage") {
    return {
      ok: true,
      result: {
        message_id: messageId,
        date: 0,
        chat: { id: payload.chat_id, type: "private" },
        text: payload.text,
      },
    } as never;
  }
  return { ok: true, result: true } as never;
}
