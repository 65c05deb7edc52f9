import { describe, expect, it } from "vitest";
import { CHART_DAYS, chartPng, chartSpec, chartSvg } from "../../src/questions/chart.js";
import type { DayCount } from "../../src/questions/report.js";
import { pngSize } from "../support/png.js";

const LABELS = {
  title: "Вопросы по дням",
  day: "День",
  questions: "Вопросы",
  outcomes: { answered: "с ответом", closest: "ближайший", none: "ничего" },
};

function days(count: number): DayCount[] {
  return Array.from({ length: count }, (_, i) => ({
    day: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    counts: { answered: (i * 5) % 9, closest: i % 3, none: (i * 7) % 4 },
  }));
}

describe("the questions-per-day chart", () => {
  it("carries the reader's texts and one bar segment per day and outcome", async () => {
    const svg = await chartSvg(days(3), LABELS);
    expect(svg).toContain("Вопросы по дням");
    expect(svg).toContain("ничего");
    expect(svg).toContain("2026-01-03");
  });

  it("shows only the latest days of a long log", () => {
    const spec = chartSpec(days(CHART_DAYS + 10), LABELS);
    const values = (spec.data as { values: { day: string }[] }).values;
    const shown = new Set(values.map((v) => v.day));
    expect(shown.size).toBe(CHART_DAYS);
    expect(shown.has("2026-01-10")).toBe(false);
    expect(shown.has("2026-01-11")).toBe(true);
  });

  it.each([1, 30, 365])("fits Telegram's photo limits with %i days", async (count) => {
    const { width, height } = pngSize(await chartPng(days(count), LABELS));
    expect(width + height).toBeLessThanOrEqual(10_000);
    expect(Math.max(width / height, height / width)).toBeLessThanOrEqual(20);
    expect(width).toBeGreaterThanOrEqual(600);
  });
});
