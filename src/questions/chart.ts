import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Outcome } from "./record.js";
import type { DayCount } from "./report.js";

/** The texts of the chart, in the reader's language. */
export interface ChartLabels {
  readonly title: string;
  readonly day: string;
  readonly questions: string;
  readonly outcomes: Readonly<Record<Outcome, string>>;
}

/** Green for answered, amber for the closest passage, red for nothing: bottom to top. */
const COLOURS: Readonly<Record<Outcome, string>> = {
  answered: "#2e7d32",
  closest: "#f9a825",
  none: "#c62828",
};
const STACK_ORDER: readonly Outcome[] = ["answered", "closest", "none"];
/** The chart shows at most this many of the latest days: more bars would be unreadable. */
export const CHART_DAYS = 90;

/**
 * The Vega-Lite description of the chart: questions per day, stacked by outcome, over the
 * latest {@link CHART_DAYS} days.
 */
export function chartSpec(allDays: readonly DayCount[], labels: ChartLabels): TopLevelSpec {
  const days = allDays.slice(-CHART_DAYS);
  const values = days.flatMap(({ day, counts }) =>
    STACK_ORDER.map((outcome, order) => ({
      day,
      outcome: labels.outcomes[outcome],
      order,
      count: counts[outcome],
    })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: labels.title,
    width: Math.max(320, Math.min(960, days.length * 24)),
    height: 280,
    background: "white",
    padding: 12,
    config: { font: "DejaVu Sans, WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "day",
        type: "ordinal",
        title: labels.day,
        axis: { labelAngle: -45, labelOverlap: "greedy" },
      },
      y: {
        field: "count",
        type: "quantitative",
        title: labels.questions,
        axis: { tickMinStep: 1 },
      },
      color: {
        field: "outcome",
        type: "nominal",
        title: null,
        scale: {
          domain: STACK_ORDER.map((o) => labels.outcomes[o]),
          range: STACK_ORDER.map((o) => COLOURS[o]),
        },
        // Without a browser, Vega estimates text widths; Chinese glyphs are wider than its
        // estimate, so the legend entries get room to spare.
        legend: { orient: "top", columnPadding: 32 },
      },
      order: { field: "order", type: "quantitative" },
    },
  };
}

/** The chart as SVG, rendered by Vega without a browser. */
export async function chartSvg(days: readonly DayCount[], labels: ChartLabels): Promise<string> {
  const { spec } = compile(chartSpec(days, labels));
  const view = new View(parse(spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG picture (SVG rasterised by resvg at twice the size, for phone screens). */
export async function chartPng(days: readonly DayCount[], labels: ChartLabels): Promise<Buffer> {
  const svg = await chartSvg(days, labels);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    background: "white",
  });
  return resvg.render().asPng();
}
