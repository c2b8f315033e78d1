// The Insights screen's other charts, built on chart.js's bars: spend per month (one chart per
// currency, amounts in different currencies do not add up), the median response time per month
// (in the unit that reads best) and the failure rate by error code (the reason when hovered).
// The shaping is pure and tested as tables; the words and number formats come in from the
// screen (insights.js), which keeps each table beside its chart.
import { barOptions, chartBox, FRACTION_STEPS, monthInLegend } from "./chart.js";

/**
 * Spend as one chart's worth per currency, largest spend first: `{currency, keys, labels,
 * data: [indexes, amounts], total}` over every month that has a price in any currency (a month
 * with none in this one counts 0), amounts in the currency's units.
 */
export function spendSeries(spend, describe) {
  const keys = [...new Set(spend.map((s) => s.month))].sort();
  const by = new Map();
  for (const s of spend) {
    const c = by.get(s.currency) || { currency: s.currency, micros: new Map(), total: 0 };
    c.micros.set(s.month, (c.micros.get(s.month) || 0) + s.micros);
    c.total += s.micros;
    by.set(s.currency, c);
  }
  return [...by.values()].sort((a, b) => b.total - a.total).map((c) => ({
    currency: c.currency,
    keys,
    labels: keys.map(describe),
    data: [keys.map((_, i) => i), keys.map((k) => (c.micros.get(k) || 0) / 1e6)],
    total: c.total,
  }));
}

/** Units a response time is charted in, the shortest whose figures stay small. */
const UNITS = [
  { key: "insights.seconds", seconds: 1, below: 120 },
  { key: "insights.minutes", seconds: 60, below: 2 * 3600 },
  { key: "insights.hours_axis", seconds: 3600, below: 2 * 86400 },
  { key: "insights.days_axis", seconds: 86400, below: Infinity },
];

/** The unit for medians up to `seconds`: `{key, seconds}` (an i18n key taking `{n}`). */
export function responseUnit(seconds) {
  const { key, seconds: size } = UNITS.find((u) => seconds < u.below);
  return { key, seconds: size };
}

/**
 * The medians per month as uPlot takes them, in `unit`: `{labels, data: [indexes, medians],
 * seconds}` (the medians in seconds, for the legend's words), months oldest first.
 */
export function responseSeries(response, describe, unit) {
  return {
    labels: response.map((r) => describe(r.month)),
    data: [response.map((_, i) => i), response.map((r) => r.median_seconds / unit.seconds)],
    seconds: response.map((r) => r.median_seconds),
  };
}

/**
 * Failures by error code as uPlot takes them: `{labels: codes, data: [indexes, % of sent],
 * meanings, total}`; the rate is 0 when nothing was sent.
 */
export function failureSeries(failures, sent) {
  const rate = (count) => (sent ? (count / sent) * 100 : 0);
  return {
    labels: failures.map((f) => String(f.code)),
    data: [failures.map((_, i) => i), failures.map((f) => rate(f.count))],
    meanings: failures.map((f) => f.meaning),
    total: failures.reduce((n, f) => n + f.count, 0),
  };
}

/**
 * One chart per currency of spend per month (empty without uPlot or prices). `describe(key)`
 * names a month, `money(micros, currency)` writes an amount, `label(currency)` names the
 * series, `description(currency, months, total)` is what assistive technology hears.
 */
export function spendCharts(spend, { describe, money, month, label, description }) {
  return spendSeries(spend, describe).map((shape) => {
    const { currency, labels, total } = shape;
    const amount = (units) => money(Math.round(units * 1e6), currency);
    return chartBox(`insights-spend-chart-${currency}`, description(currency, labels.length, money(total, currency)),
      (lib, width, colours) => ({
        data: shape.data,
        options: barOptions(lib, {
          labels, width, look: colours, axisValue: amount, incrs: FRACTION_STEPS,
          x: { label: month, value: (i) => monthInLegend(labels, i) },
          series: [{ label: label(currency), colour: colours.sent, value: (v) => (v == null ? money(total, currency) : amount(v)) }],
        }),
      }));
  }).filter(Boolean);
}

/**
 * The median response time per month (null without uPlot or replies). `duration(seconds)` says a
 * wait in words (the legend), `unitValue(key, n)` writes an axis figure in its unit, `median`
 * and `month` name the series, `description` is what assistive technology hears.
 */
export function responseChart(response, { describe, duration, unitValue, median, month, description }) {
  if (!response.length) return null;
  const unit = responseUnit(Math.max(...response.map((r) => r.median_seconds)));
  const shape = responseSeries(response, describe, unit);
  const { labels, seconds } = shape;
  return chartBox("insights-response-chart", description, (lib, width, colours) => ({
    data: shape.data,
    options: barOptions(lib, {
      labels, width, look: colours, axisValue: (n) => unitValue(unit.key, n),
      x: { label: month, value: (i) => monthInLegend(labels, i) },
      // Medians of different months do not combine: with none hovered the legend says nothing.
      series: [{ label: median, colour: colours.received, value: (v, i) => (i == null || seconds[i] === undefined ? "—" : duration(seconds[i])) }],
    }),
  }));
}

/**
 * The failure rate by error code (null without uPlot or failures). `percent(points)` writes a
 * share given in percentage points, `codes(n)` says how many codes, `rate` and `code` name the
 * series, `description` is what assistive technology hears. Hovering a code gives its reason.
 */
export function failureChart(failures, sent, { percent, codes, rate, code, description }) {
  if (!failures.length) return null;
  const shape = failureSeries(failures, sent);
  const { labels, meanings, total } = shape;
  const all = sent ? (total / sent) * 100 : 0;
  return chartBox("insights-failures-chart", description, (lib, width, colours) => ({
    data: shape.data,
    options: barOptions(lib, {
      labels, width, look: colours, axisValue: percent, incrs: FRACTION_STEPS,
      x: { label: code, value: (i) => (i == null || labels[i] === undefined ? codes(labels.length) : `${labels[i]} — ${meanings[i]}`) },
      series: [{ label: rate, colour: colours.failed, value: (v) => percent(v ?? all) }],
    }),
  }));
}
