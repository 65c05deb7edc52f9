import { describe, expect, it } from "vitest";
import { parseByline } from "../../src/import/byline.js";
import { isChrome } from "../../src/import/chrome.js";
import { parseDateline } from "../../src/import/dateline.js";
import { normalizeDate } from "../../src/import/dates.js";
import { idFromTitle } from "../../src/import/slug.js";

describe("dates as sources write them", () => {
  it.each([
    ["2019-4-4", "2019-04-04"],
    ["2019-04-04T10:00:00+08:00", "2019-04-04"],
    ["April 2019", "2019-04"],
    ["July 24", "--07-24"],
    ["4 апреля 2019 г.", "2019-04-04"],
    ["2019年4月4日", "2019-04-04"],
    ["2019", "2019"],
  ])("reads %s as %s, no more precise than given", (raw, iso) => {
    expect(normalizeDate(raw)).toBe(iso);
  });

  it("refuses a date that does not exist", () => {
    expect(normalizeDate("2019-02-30")).toBeUndefined();
  });
});

describe("byline lines", () => {
  it("reads author, publication and date from labelled parts", () => {
    expect(
      parseByline("By Sergey Glaziev   Source: China Pictorial    Published: 2019-4-4"),
    ).toEqual({
      author: "Sergey Glaziev",
      source: "China Pictorial",
      published: "2019-04-04",
    });
  });

  it("reads a Russian byline", () => {
    expect(parseByline("Автор: Мария Иванова. Источник: Известия")).toMatchObject({
      source: "Известия",
    });
  });

  it("does not take a sentence starting with 'By' for a byline", () => {
    expect(parseByline("By 2030 the two countries plan to double their trade.")).toBeUndefined();
  });
});

describe("datelines", () => {
  it("reads the date and the agency of a news dateline", () => {
    expect(parseDateline("July 24 (EIRNS)—The July 15-16 dialogue …")).toEqual({
      published: "--07-24",
      agency: "EIR News Service",
    });
  });

  it("keeps an agency it does not know as the dateline writes it", () => {
    expect(parseDateline("MOSCOW, 4 April 2019 (Prime) - Trade grew.")).toEqual({
      published: "2019-04-04",
      agency: "Prime",
    });
  });
});

describe("page chrome", () => {
  it.each([
    "Subscribe to EIR Online",
    "Back to top",
    "Your Present Location: PROGRAMS> Major Power Relations",
    "Share: Facebook | Twitter | Email",
    "Key Words:",
    "Page 3 of 12",
  ])("drops %s", (line) => {
    expect(isChrome(line)).toBe(true);
  });

  it("keeps a sentence that merely starts like a call to action", () => {
    expect(isChrome("Subscribers to the service grew by a third in 2023, the company said.")).toBe(
      false,
    );
  });
});

describe("document ids from titles", () => {
  it("makes a lowercase Latin id", () => {
    expect(idFromTitle("China and Russia Think Tanks: Collaboration!")).toBe(
      "china-and-russia-think-tanks-collaboration",
    );
  });

  it("transliterates Russian titles", () => {
    expect(idFromTitle("Мосты через Амур")).toBe("mosty-cherez-amur");
  });

  it("gives a Chinese title a stable hashed id", () => {
    expect(idFromTitle("中俄智库合作")).toMatch(/^doc-[0-9a-f]{10}$/);
    expect(idFromTitle("中俄智库合作")).toBe(idFromTitle("中俄智库合作"));
  });
});
