import { connect, createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess } from "../../testkit/bot-process.js";
import { BotApiEmulator, makeUser } from "../../testkit/telegram/emulator.js";

const TOKEN = "777003:WEBHOOK-secret-token-abcdefghij012";
const SECRET = "webhook_secret_0123456789abcdef";
const PUBLIC_URL = "https://bot.example.test/telegram-hook";
let api: BotApiEmulator;
let bot: BotProcess;
let endpoint: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  api = await BotApiEmulator.start({ token: TOKEN, botInfo: { username: "hook_e2e_bot" } });
  const port = await freePort();
  // Telegram posts to the public https URL (a load balancer); the bot listens on PORT behind it.
  endpoint = `http://127.0.0.1:${port}/telegram-hook`;
  bot = await startBotProcess(
    {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      WEBHOOK_URL: PUBLIC_URL,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
    },
    { readyLog: /webhook listening/ },
  );
});

afterAll(async () => {
  expect(await bot?.stop("SIGTERM")).toBe(0);
  await api?.close();
  expect(bot.output()).not.toContain(TOKEN.split(":")[1]);
  expect(bot.output()).not.toContain(SECRET);
});

function update(id: number, text: string) {
  const user = makeUser();
  return {
    user,
    body: JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        date: 0,
        chat: { id: user.id, type: "private", first_name: "A" },
        from: user,
        text,
      },
    }),
  };
}

/** Posts `body` to the webhook as Telegram would, with the secret header. */
function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Telegram-Bot-Api-Secret-Token": SECRET,
      ...headers,
    },
    body,
  });
}

describe("webhook mode", () => {
  it("registers the webhook with its secret", () => {
    const call = api.callsTo("setWebhook")[0];
    expect(call?.payload).toMatchObject({ url: PUBLIC_URL, secret_token: SECRET });
  });

  it.each([
    ["without the secret header", {}],
    ["with a wrong secret", { "X-Telegram-Bot-Api-Secret-Token": "wrong_secret_0123456789" }],
  ])("rejects a request %s", async (_name, headers) => {
    const since = api.mark();
    const { body } = update(1, "What did Glazyev say about sanctions?");
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    expect(response.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(api.calls.filter((c) => c.seq >= since && c.method === "sendMessage")).toEqual([]);
  });

  it("answers an update that carries the right secret", async () => {
    const { user, body } = update(2, "What did Glazyev say about sanctions?");
    api.registerChat({ id: user.id, type: "private", first_name: "A" });
    const since = api.mark();
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body,
    });
    expect(response.status).toBe(200);
    const answer = await api.waitForMessage({ chatId: user.id }, 10_000, { since });
    expect(answer.text).toContain("¶3");
  });

  it("apologises once for a handler error and answers 200, so Telegram does not resend", async () => {
    const { user, body } = update(3, "What did Glazyev say about sanctions?");
    api.registerChat({ id: user.id, type: "private", first_name: "A" });
    const since = api.mark();
    api.failNext("sendMessage", { kind: "error", code: 400, description: "Bad Request: boom" });
    const response = await post(body);
    expect(response.status).toBe(200);
    const apology = await api.waitForMessage({ chatId: user.id }, 10_000, { since });
    expect(apology.text).toBe("Sorry, something went wrong on my side. Please try again.");
    await api.settled(since);
    expect(api.sentMessages(user.id)).toHaveLength(1);
    expect(bot.output().match(/"msg":"Bot API refused a call"/g)).toHaveLength(1);
  });

  it("answers an update delivered twice only once", async () => {
    const { user, body } = update(4, "What did Glazyev say about sanctions?");
    api.registerChat({ id: user.id, type: "private", first_name: "A" });
    const since = api.mark();
    // Telegram resends after a slow reply: the second copy may arrive while the first runs.
    const [first, second] = await Promise.all([post(body), post(body)]);
    const third = await post(body);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    await api.waitForMessage({ chatId: user.id }, 10_000, { since });
    await api.settled(since, 300);
    expect(api.sentMessages(user.id)).toHaveLength(1);
  });

  it("refuses a body over 1 MB with 413 without reading it", async () => {
    const response = await post(`{"update_id":5,"pad":"${"x".repeat(2 * 1024 * 1024)}"}`);
    expect(response.status).toBe(413);
  });

  it.each([
    ["malformed JSON", '{"update_id": 6, "message": '],
    ["JSON that is not an update", '["update_id", 6]'],
  ])("answers %s with 400", async (_name, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
  });

  it("refuses a flood of 1,100 idle connections beyond its cap, says so once, and recovers within seconds", async () => {
    const { port } = new URL(endpoint);
    let closedByServer = 0;
    const idle = await Promise.all(
      Array.from(
        { length: 1_100 },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(Number(port), "127.0.0.1", () => resolve(socket));
            socket.on("error", () => {});
            socket.on("close", () => closedByServer++);
          }),
      ),
    );
    try {
      await bot.waitForLog(/webhook: too many connections, refusing/, 5_000);
      // Idle sockets are closed after 5 s: Telegram gets through again.
      const deadline = Date.now() + 15_000;
      while (closedByServer < idle.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(closedByServer).toBe(idle.length);
      const { user, body } = update(8, "What did Glazyev say about sanctions?");
      api.registerChat({ id: user.id, type: "private", first_name: "A" });
      const since = api.mark();
      expect((await post(body)).status).toBe(200);
      await api.waitForMessage({ chatId: user.id }, 10_000, { since });
      expect(bot.output().match(/too many connections/g)).toHaveLength(1);
    } finally {
      for (const socket of idle) socket.destroy();
    }
  }, 30_000);

  it("answers health checks with what it depends on", async () => {
    const response = await fetch(endpoint.replace("/telegram-hook", "/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      knowledge: "loaded",
      telegram: "reachable",
    });
  });
});

describe("/healthz", () => {
  it("reports the Bot API unreachable (503) while calls to it fail, and ready again after", async () => {
    const { user, body } = update(7, "What did Glazyev say about sanctions?");
    api.registerChat({ id: user.id, type: "private", first_name: "A" });
    const outage = api.failWhile("sendMessage", { kind: "drop" });
    const since = api.mark();
    const health = () => fetch(endpoint.replace("/telegram-hook", "/healthz"));
    const posted = post(body);
    await api.waitFor((c) => c.method === "sendMessage" && c.fault !== undefined, 10_000, {
      since,
    });
    const down = await health();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ready: false, telegram: "unreachable" });
    outage.stop();
    await api.waitForMessage({ chatId: user.id }, 15_000, { since });
    expect((await health()).status).toBe(200);
    expect((await posted).status).toBe(200);
  }, 30_000);
});

describe("start-up against a Bot API that refuses", () => {
  it("stops with one line when the token is rejected", async () => {
    const broken = await startBotProcess(
      { BOT_TOKEN: "777009:WRONG-token-abcdefghijklmnopqrstuv", TELEGRAM_API_ROOT: api.apiRoot },
      { readyLog: /rejected BOT_TOKEN/ },
    );
    expect(await broken.exited()).toBe(1);
    expect(broken.output().trim().split("\n").at(-1)).toBe(
      "The Bot API rejected BOT_TOKEN (401 Unauthorized): copy the token from @BotFather into .env, and check TELEGRAM_API_ROOT.",
    );
    expect(broken.output()).not.toContain("WRONG-token");
  });

  it("stops with one line when WEBHOOK_URL is not https", async () => {
    const broken = await startBotProcess(
      {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: api.apiRoot,
        WEBHOOK_URL: "http://insecure.example.test/hook",
        WEBHOOK_SECRET: SECRET,
        PORT: String(await freePort()),
      },
      { readyLog: /WEBHOOK_URL/ },
    );
    expect(await broken.exited()).toBe(2);
    expect(broken.output()).toContain(
      "WEBHOOK_URL: must start with https:// (Telegram only posts updates to https)",
    );
    expect(broken.output()).not.toContain(SECRET);
  });
});
