import { MemorySessionStorage } from "grammy";
import { describe, expect, it } from "vitest";
import { QuestionLog } from "../../src/questions/log.js";
import type { QuestionRecord } from "../../src/questions/record.js";

const DAY = 24 * 3600 * 1000;
const asked = { lang: "en" as const, q: "Who?", outcome: "none" as const, passages: [] };

/** A log with a clock the test moves. */
function logAt(options: { days?: number; key?: string; enabled?: boolean } = {}) {
  const clock = { now: Date.UTC(2026, 10, 1) };
  const storage = new MemorySessionStorage<QuestionRecord>();
  const log = new QuestionLog(storage, {
    enabled: options.enabled ?? true,
    days: options.days ?? 30,
    ...(options.key ? { key: options.key } : { key: "k".repeat(32) }),
    now: () => clock.now,
  });
  return { log, storage, clock };
}

describe("retention", () => {
  it("removes entries older than QUESTION_LOG_DAYS when a later question is written", async () => {
    const { log, storage, clock } = logAt({ days: 7 });
    log.record({ ...asked, q: "old" });
    await log.flush();
    clock.now += 8 * DAY;
    log.record({ ...asked, q: "new" });
    await log.flush();
    expect(storage.readAllValues().map((e) => e.q)).toEqual(["new"]);
  });

  it("keeps entries within the retention", async () => {
    const { log, storage, clock } = logAt({ days: 7 });
    log.record({ ...asked, q: "recent" });
    await log.flush();
    clock.now += 6 * DAY;
    log.record({ ...asked, q: "new" });
    await log.flush();
    expect(
      storage
        .readAllValues()
        .map((e) => e.q)
        .sort(),
    ).toEqual(["new", "recent"]);
  });

  it("never reports an expired entry, even before the sweep removed it", async () => {
    const { log, clock } = logAt({ days: 7 });
    log.record(asked);
    await log.flush();
    clock.now += 7 * DAY + 1;
    expect(await log.entries()).toEqual([]);
  });

  it("sweeps on demand, saying how many entries it removed", async () => {
    const { log, storage, clock } = logAt({ days: 1 });
    log.record(asked);
    await log.flush();
    log.record(asked);
    await log.flush();
    clock.now += 2 * DAY;
    expect(await log.sweep()).toBe(2);
    expect(storage.readAllKeys()).toEqual([]);
  });

  it("does not take feedback on an expired entry", async () => {
    const { log, clock } = logAt({ days: 1 });
    const id = log.record({ ...asked, userId: 5 }) ?? "";
    await log.flush();
    clock.now += 2 * DAY;
    expect(await log.setFeedback(id, 5, "up")).toBe("unknown");
  });
});

describe("privacy", () => {
  it("hashes the same user alike under one key and differently under another", async () => {
    const a = logAt({ key: "a".repeat(32) });
    const b = logAt({ key: "b".repeat(32) });
    a.log.record({ ...asked, userId: 1 });
    a.log.record({ ...asked, userId: 1 });
    b.log.record({ ...asked, userId: 1 });
    await Promise.all([a.log.flush(), b.log.flush()]);
    const [first, second] = a.storage.readAllValues();
    expect(first?.user).toBe(second?.user);
    expect(b.storage.readAllValues()[0]?.user).not.toBe(first?.user);
  });

  it("writes nothing when off", async () => {
    const { log, storage } = logAt({ enabled: false });
    expect(log.record(asked)).toBeUndefined();
    await log.flush();
    expect(storage.readAllKeys()).toEqual([]);
  });
});

describe("a storage that fails", () => {
  it("is reported to onError, and recording does not throw", async () => {
    const storage = new MemorySessionStorage<QuestionRecord>();
    storage.write = () => {
      throw new Error("disk full");
    };
    const errors: unknown[] = [];
    const log = new QuestionLog(storage, {
      enabled: true,
      days: 30,
      onError: (error) => errors.push(error),
    });
    expect(log.record(asked)).toMatch(/^[0-9a-z]+$/);
    await log.flush();
    expect(errors).toEqual([new Error("disk full")]);
  });
});

describe("updates of one entry", () => {
  it("keep both a further page's passages and a verdict given at the same moment", async () => {
    const { log, storage } = logAt();
    const id = log.record({ ...asked, userId: 3 }) ?? "";
    await log.flush();
    const passage = { doc: "d", paragraph: 2, confidence: 0.5, confident: false };
    log.addPassages(id, [passage]);
    expect(await log.setFeedback(id, 3, "down")).toBe("saved");
    await log.flush();
    expect(storage.read(id)).toMatchObject({ feedback: "down", passages: [passage] });
  });
});
