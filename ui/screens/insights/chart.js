// The Insights screen's bar charts, drawn by uPlot (ui/vendor/uplot, a classic script that
// defines the global `uPlot`; see its PROVENANCE.md). uPlot draws on a canvas and styles its
// nodes through CSSOM properties, which the CSP allows; it evaluates no string. What a chart
// shows (month names, series, which months get a label) is shaped by the pure functions below,
// tested without a window. The table beside the chart says the same thing for screen readers
// and for copying, and stands alone when uPlot is absent (the unit tests run without it).
import { h } from "../../lib/dom.js";

const HEIGHT = 240;
/** Used before the box has been laid out, and where the window has no ResizeObserver. */
const FALLBACK_WIDTH = 720;
/** Colours when no stylesheet gives them (the values of style.css and insights.css). */
const FALLBACK_COLOURS = { received: "#0e6b6b", sent: "#d97706", failed: "#8a1c1c", text: "#4f5b6a", grid: "#d8dee5" };
/** 1, 2, 5 × 10^p for p in `powers`, ascending (uPlot searches its steps by bisection). */
const steps = (powers) => [1, 2, 5].flatMap((s) => powers.map((p) => s * 10 ** p)).sort((a, b) => a - b);
/** Steps for whole units (messages, minutes, hours). */
export const COUNT_STEPS = steps([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
/** Steps that go below one (amounts to the cent, shares to a tenth of a percent). */
export const FRACTION_STEPS = steps([-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).map((x) => Number(x.toPrecision(1)));

/** A round top for the count axis: 1, 2, 5 × 10^n at or above `max`. */
export function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/**
 * The months as uPlot takes them: `labels` (a month's name by its index), `data` ([index,
 * received, sent], one array per series, months along the x axis by position so gaps in the
 * archive do not stretch the chart) and the `totals` the legend shows when no month is hovered.
 */
export function monthSeries(months, describe) {
  return {
    labels: months.map((m) => describe(m.key)),
    data: [months.map((_, i) => i), months.map((m) => m.inbound), months.map((m) => m.outbound)],
    totals: { inbound: months.reduce((n, m) => n + m.inbound, 0), outbound: months.reduce((n, m) => n + m.outbound, 0) },
  };
}

/**
 * The indexes of the months that get a name on the axis when `fit` names fit side by side:
 * evenly spaced, counted back from the latest month, which is always named.
 */
export function monthTicks(count, fit) {
  const every = Math.max(1, Math.ceil(count / Math.max(1, fit)));
  const ticks = [];
  for (let i = count - 1; i >= 0; i -= every) ticks.unshift(i);
  return ticks;
}

/** What the legend says for the x series: the hovered month, or the range shown. */
export function monthInLegend(labels, index) {
  if (index !== null && index !== undefined && labels[index] !== undefined) return labels[index];
  if (!labels.length) return "";
  return labels.length === 1 ? labels[0] : `${labels[0]} – ${labels.at(-1)}`;
}

/** The chart's colours and font, read from the app's stylesheet where the box sits. */
function look(box) {
  const style = typeof getComputedStyle === "function" && box.isConnected ? getComputedStyle(box) : null;
  const read = (name, fallback) => (style && style.getPropertyValue(name).trim()) || fallback;
  return {
    received: read("--chart-received", FALLBACK_COLOURS.received),
    sent: read("--chart-sent", FALLBACK_COLOURS.sent),
    failed: read("--chart-failed", FALLBACK_COLOURS.failed),
    text: read("--muted", FALLBACK_COLOURS.text),
    grid: read("--border", FALLBACK_COLOURS.grid),
    font: `12px ${(style && style.fontFamily) || "system-ui, sans-serif"}`,
  };
}

/** Device pixels per CSS pixel (uPlot measures its canvas in device pixels). */
const ratio = () => globalThis.devicePixelRatio || 1;

/** The widest of `labels` in CSS pixels, in the x axis's font. */
function widest(u, labels) {
  u.ctx.font = u.axes[0].font[0];
  return Math.max(0, ...labels.map((l) => u.ctx.measureText(l).width)) / ratio();
}

/** An axis as wide as its longest figure, so large counts are never cut at the left edge. */
function countAxisSize(u, values, axisIndex, cycle) {
  const axis = u.axes[axisIndex];
  if (cycle > 1) return axis._size;
  let size = axis.ticks.size + axis.gap;
  const longest = (values || []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), "");
  if (longest) {
    u.ctx.font = axis.font[0];
    size += u.ctx.measureText(longest).width / ratio();
  }
  return Math.ceil(size);
}

/**
 * uPlot's options for bars over categories (months, error codes) placed by position: `labels`
 * name them on the x axis, `x` gives the legend's label and `value(index)` for the hovered one
 * (index null: none); each of `series` is `{label, colour, align, size, value(v, index)}`; the
 * y axis starts at 0, tops out on a round figure, steps by `incrs` and writes `axisValue(v)`.
 */
export function barOptions(lib, { labels, width, look: colours, x, series, axisValue, incrs = COUNT_STEPS }) {
  const axis = { stroke: colours.text, font: colours.font, ticks: { stroke: colours.grid, width: 1, size: 4 } };
  let nameWidth = null;
  const named = (u) => (nameWidth ??= widest(u, labels));
  return {
    width,
    height: HEIGHT,
    // The last category's name is centred on its bars: room on the right so it is never cut.
    padding: [12, (u) => Math.ceil(named(u) / 2), 0, 0],
    // A vertical line on the hovered category (no horizontal one: bars are read against the grid).
    cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
    legend: { live: true },
    scales: {
      x: { time: false, range: () => [-0.5, labels.length - 0.5] },
      y: { range: (u, min, max) => [0, niceMax(max)] },
    },
    axes: [
      {
        ...axis,
        grid: { show: false },
        size: 30, // tick and one line of names; uPlot's 50 leaves a gap above the legend
        splits: (u) => monthTicks(labels.length, Math.floor(u.bbox.width / ratio() / (named(u) + 16))),
        values: (u, splits) => splits.map((i) => labels[i] ?? ""),
      },
      {
        ...axis,
        grid: { stroke: colours.grid, width: 1 },
        incrs,
        size: countAxisSize,
        values: (u, splits) => splits.map((n) => axisValue(n)),
      },
    ],
    series: [
      { label: x.label, value: (u, i) => x.value(i) },
      ...series.map((s) => ({
        label: s.label, fill: s.colour, stroke: s.colour, width: 0,
        paths: lib.paths.bars({ size: s.size ?? [0.6, 48], align: s.align ?? 0 }),
        points: { show: false }, value: (u, v, seriesIndex, index) => s.value(v, index ?? null),
      })),
    ],
  };
}

/**
 * A chart in its own box: `{node, destroy}`, or null when uPlot is not loaded (the table beside
 * then carries the figures alone). `build(lib, width, look)` gives `{options, data}`;
 * `description` is what assistive technology hears (the canvas is one image, the table has the
 * figures). The plot is made once the box has a width and follows it when the window is resized.
 */
export function chartBox(id, description, build) {
  const lib = globalThis.uPlot;
  if (typeof lib !== "function") return null;
  const node = h("div", { class: "chart-box", id, role: "img", "aria-label": description });
  let plot = null;
  const draw = (width) => {
    if (plot) return plot.setSize({ width, height: HEIGHT });
    const { options, data } = build(lib, width, look(node));
    plot = new lib(options, data, node);
  };
  let observer = null;
  if (typeof ResizeObserver === "function") {
    observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0].contentRect.width);
      if (width > 0) draw(width);
    });
    observer.observe(node);
  } else {
    draw(FALLBACK_WIDTH);
  }
  return {
    node,
    destroy() {
      if (observer) observer.disconnect();
      if (plot) plot.destroy();
      plot = null;
    },
  };
}

/**
 * The chart of messages per month, received beside sent (null without uPlot or months).
 * `describe(key)` names a month, `format(n)` writes a number; `received`, `sent` and `month`
 * name the series; `description` is what assistive technology hears.
 */
export function monthChart(months, { describe, format, description, received, sent, month }) {
  if (!months.length) return null;
  const shape = monthSeries(months, describe);
  const { labels, totals } = shape;
  return chartBox("insights-month-chart", description, (lib, width, colours) => ({
    data: shape.data,
    options: barOptions(lib, {
      labels, width, look: colours, axisValue: format,
      x: { label: month, value: (i) => monthInLegend(labels, i) },
      series: [
        { label: received, colour: colours.received, align: -1, size: [0.4, 28], value: (n) => format(n ?? totals.inbound) },
        { label: sent, colour: colours.sent, align: 1, size: [0.4, 28], value: (n) => format(n ?? totals.outbound) },
      ],
    }),
  }));
}
