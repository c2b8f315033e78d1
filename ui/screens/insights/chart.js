// The Insights screen's month chart, drawn by uPlot (ui/vendor/uplot, a classic script that
// defines the global `uPlot`; see its PROVENANCE.md). uPlot draws on a canvas and styles its
// nodes through CSSOM properties, which the CSP allows; it evaluates no string. What the chart
// shows (month names, series, which months get a label) is shaped by the pure functions below,
// tested without a window. The table beside the chart says the same thing for screen readers
// and for copying, and stands alone when uPlot is absent (the unit tests run without it).
import { h } from "../../lib/dom.js";

const HEIGHT = 240;
/** Used before the box has been laid out, and where the window has no ResizeObserver. */
const FALLBACK_WIDTH = 720;
/** Colours when no stylesheet gives them (the values of style.css and insights.css). */
const FALLBACK_COLOURS = { received: "#0e6b6b", sent: "#d97706", text: "#4f5b6a", grid: "#d8dee5" };
/** Steps for the count axis: whole messages only. */
const COUNT_STEPS = [1, 2, 5].flatMap((s) => Array.from({ length: 10 }, (_, p) => s * 10 ** p));

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

/** uPlot's options for the month chart (the library passed in: its bar path builder). */
function options(lib, shape, { width, look: colours, format, received, sent, month }) {
  const { labels, totals } = shape;
  const axis = { stroke: colours.text, font: colours.font, ticks: { stroke: colours.grid, width: 1, size: 4 } };
  const bar = (align) => lib.paths.bars({ size: [0.4, 28], align });
  let nameWidth = null;
  const named = (u) => (nameWidth ??= widest(u, labels));
  return {
    width,
    height: HEIGHT,
    // The latest month's name is centred on its bars: room on the right so it is never cut.
    padding: [12, (u) => Math.ceil(named(u) / 2), 0, 0],
    // A vertical line on the hovered month (no horizontal one: bars are read against the grid).
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
        size: 30, // tick and one line of month names; uPlot's 50 leaves a gap above the legend
        splits: (u) => monthTicks(labels.length, Math.floor(u.bbox.width / ratio() / (named(u) + 16))),
        values: (u, splits) => splits.map((i) => labels[i] ?? ""),
      },
      {
        ...axis,
        grid: { stroke: colours.grid, width: 1 },
        incrs: COUNT_STEPS,
        size: countAxisSize,
        values: (u, splits) => splits.map((n) => format(n)),
      },
    ],
    series: [
      { label: month, value: (u, i) => monthInLegend(labels, i) },
      { label: received, fill: colours.received, stroke: colours.received, width: 0, paths: bar(-1),
        points: { show: false }, value: (u, n) => format(n ?? totals.inbound) },
      { label: sent, fill: colours.sent, stroke: colours.sent, width: 0, paths: bar(1),
        points: { show: false }, value: (u, n) => format(n ?? totals.outbound) },
    ],
  };
}

/**
 * The chart of messages per month, received beside sent: `{node, destroy}`, or null when uPlot
 * is not loaded (the table then carries the figures alone). `describe(key)` names a month,
 * `format(n)` writes a number; `received`, `sent` and `month` name the series; `description`
 * is what assistive technology hears (the canvas is one image, the table has the figures).
 * The plot is made once the box has a width and follows it when the window is resized.
 */
export function monthChart(months, { describe, format, description, received, sent, month }) {
  const lib = globalThis.uPlot;
  if (typeof lib !== "function" || !months.length) return null;
  const shape = monthSeries(months, describe);
  const node = h("div", { class: "chart-box", id: "insights-month-chart", role: "img", "aria-label": description });
  let plot = null;
  const draw = (width) => {
    if (plot) plot.setSize({ width, height: HEIGHT });
    else plot = new lib(options(lib, shape, { width, look: look(node), format, received, sent, month }), shape.data, node);
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
