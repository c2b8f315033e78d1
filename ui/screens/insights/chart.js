// The Insights screen's bar chart: our own SVG, built with DOM calls (createElementNS and
// setAttribute: no markup parsed, no inline style, nothing fetched). The layout is a pure
// function so it is tested without a window; a table beside the chart says the same thing for
// screen readers and for copying.

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element: attributes through setAttribute, children as text nodes or nodes. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A round top for the axis: 1, 2, 5 × 10^n at or above `max`. */
export function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/**
 * Where each month's two bars go in a `width` × `height` plot: [{key, x, width, inbound:
 * {y, height}, outbound: {y, height}}], the axis top and which months get a label (at most
 * `labels` of them, evenly spaced, the last one always).
 */
export function barLayout(months, { width, height, labels = 8 }) {
  const top = niceMax(Math.max(0, ...months.map((m) => Math.max(m.inbound, m.outbound))));
  const slot = months.length ? width / months.length : width;
  const bar = Math.max(1, (slot * 0.8) / 2);
  const every = Math.max(1, Math.ceil(months.length / labels));
  const scaled = (n) => (n / top) * height;
  return {
    top,
    bars: months.map((m, i) => {
      const x = i * slot + slot * 0.1;
      return {
        key: m.key,
        x,
        width: bar,
        inbound: { y: height - scaled(m.inbound), height: scaled(m.inbound) },
        outbound: { y: height - scaled(m.outbound), height: scaled(m.outbound) },
        label: (months.length - 1 - i) % every === 0,
      };
    }),
  };
}

/**
 * The chart of messages per month, received beside sent. `describe(key)` gives a month's
 * label; `format(n)` a number. The SVG is one image for assistive technology (its title and
 * description), the table beside it carries the figures.
 */
export function monthChart(months, { describe, format, title, description, received, sent }) {
  const width = 720;
  const height = 220;
  const left = 48;
  const bottom = 28;
  const layout = barLayout(months, { width: width - left - 8, height: height - bottom - 8 });
  const plotTop = 8;
  const plotHeight = height - bottom - plotTop;
  const grid = [0, 0.5, 1].map((f) => {
    const y = plotTop + plotHeight * (1 - f);
    return svg("g", { class: "chart-grid" },
      svg("line", { x1: left, x2: width - 8, y1: y, y2: y }),
      svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, format(Math.round(layout.top * f))));
  });
  const bars = layout.bars.map((b) => svg("g", { class: "chart-month", "data-month": b.key },
    svg("rect", { class: "bar-in", x: left + b.x, y: plotTop + b.inbound.y, width: b.width, height: b.inbound.height },
      svg("title", {}, `${describe(b.key)} · ${received}`)),
    svg("rect", { class: "bar-out", x: left + b.x + b.width, y: plotTop + b.outbound.y, width: b.width, height: b.outbound.height },
      svg("title", {}, `${describe(b.key)} · ${sent}`)),
    b.label ? svg("text", {
      class: "chart-label", x: left + b.x + b.width, y: height - 8,
      // The latest month's name ends at its bars, so the chart's edge never cuts it.
      "text-anchor": b === layout.bars.at(-1) ? "end" : "middle",
    }, describe(b.key)) : null));
  return svg("svg", {
    class: "chart", id: "insights-month-chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-labelledby": "insights-chart-title insights-chart-desc", preserveAspectRatio: "xMidYMid meet",
  },
  svg("title", { id: "insights-chart-title" }, title),
  svg("desc", { id: "insights-chart-desc" }, description),
  grid, bars);
}
