// The Insights screen against a fake backend: figures, tables and the month chart. The chart's
// data shaping (month names, series, which months are named on the axis) is tested as tables;
// the screen is shown once without uPlot (the table stands alone, open) and once with a stand-in
// uPlot that records what the chart hands it (no canvas in Node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { monthInLegend, monthSeries, monthTicks, niceMax } from "../screens/insights/chart.js";
import { failureSeries, responseSeries, responseUnit, spendSeries } from "../screens/insights/figure-charts.js";
import { duration, money, monthLabel, percent, spendTotals, totals } from "../screens/insights/insights.js";

const EN = catalogue("en");
const FR = catalogue("fr");

const DATA = {
  linked_only: true,
  months: [{ key: "2024-01", inbound: 10, outbound: 5 }, { key: "2024-02", inbound: 4, outbound: 8 }],
  senders: [{ key: "whatsapp:+33100000000", inbound: 14, outbound: 13 }],
  busiest: [{ id: 7, customer: "whatsapp:+33612345678", profile_name: HOSTILE.img, messages: 12 }],
  spend: [{ month: "2024-01", currency: "USD", micros: 75_000, messages: 15 }],
  response: [{ month: "2024-01", replies: 4, median_seconds: 300 }, { month: "2024-02", replies: 2, median_seconds: 4000 }],
  failures: [{ code: 63016, count: 2, meaning: "Outside the 24-hour window.", what_to_do: "Send a template." }],
  sent: 13,
};

/** A stand-in for uPlot's global: records each plot's options, data and box. */
class FakePlot {
  static made = [];
  static paths = { bars: (opts) => ({ bars: opts }) };
  constructor(opts, data, target) {
    Object.assign(this, { opts, data, target, sizes: [], destroyed: false });
    FakePlot.made.push(this);
  }
  setSize(size) {
    this.sizes.push(size);
  }
  destroy() {
    this.destroyed = true;
  }
}

async function withPlot(run) {
  FakePlot.made = [];
  globalThis.uPlot = FakePlot;
  try {
    await run();
  } finally {
    delete globalThis.uPlot;
  }
}

test("month names on the axis and in the table, as a table", () => {
  const cases = [
    ["2024-03", "en", "Mar 2024"],
    ["2024-03", "fr", "mars 2024"],
    ["2024-02", "fr", "févr. 2024"],
    ["2024-07", "fr", "juil. 2024"],
    ["2024-12", "fr", "déc. 2024"],
    ["2025-01", "en", "Jan 2025"],
    ["unknown", "en", "unknown"],
  ];
  for (const [key, lang, want] of cases) assert.equal(monthLabel(key, lang), want, `${key} ${lang}`);
});

test("the month chart's series, as a table", () => {
  const describe = (key) => `<${key}>`;
  const cases = [
    [[], { labels: [], data: [[], [], []], totals: { inbound: 0, outbound: 0 } }],
    [[{ key: "2024-01", inbound: 10, outbound: 5 }], { labels: ["<2024-01>"], data: [[0], [10], [5]], totals: { inbound: 10, outbound: 5 } }],
    [
      [{ key: "2023-11", inbound: 0, outbound: 3 }, { key: "2024-02", inbound: 7, outbound: 0 }],
      { labels: ["<2023-11>", "<2024-02>"], data: [[0, 1], [0, 7], [3, 0]], totals: { inbound: 7, outbound: 3 } },
    ],
  ];
  for (const [months, want] of cases) assert.deepEqual(monthSeries(months, describe), want, JSON.stringify(months));
});

test("which months are named on the axis, as a table", () => {
  const cases = [
    // count, names that fit, indexes named: evenly spaced back from the latest, always named
    [0, 8, []],
    [1, 8, [0]],
    [2, 8, [0, 1]],
    [8, 8, [0, 1, 2, 3, 4, 5, 6, 7]],
    [9, 8, [0, 2, 4, 6, 8]],
    [12, 4, [2, 5, 8, 11]],
    [36, 8, [0, 5, 10, 15, 20, 25, 30, 35]],
    [5, 0, [4]],
  ];
  for (const [count, fit, want] of cases) assert.deepEqual(monthTicks(count, fit), want, `${count} in ${fit}`);
  for (const [count, fit] of [[36, 8], [36, 5], [24, 11], [100, 7]]) {
    const ticks = monthTicks(count, fit);
    assert.ok(ticks.length <= fit, `${count} in ${fit}: at most what fits`);
    assert.equal(ticks.at(-1), count - 1, "the latest month is always named");
  }
});

test("the legend names the hovered month, or the range shown, as a table", () => {
  const labels = ["janv. 2024", "févr. 2024", "mars 2024"];
  const cases = [[null, "janv. 2024 – mars 2024"], [undefined, "janv. 2024 – mars 2024"], [0, "janv. 2024"], [2, "mars 2024"], [9, "janv. 2024 – mars 2024"]];
  for (const [index, want] of cases) assert.equal(monthInLegend(labels, index), want, String(index));
  assert.equal(monthInLegend(["mars 2024"], null), "mars 2024");
  assert.equal(monthInLegend([], null), "");
});

test("the count axis tops out on a round figure, as a table", () => {
  assert.deepEqual([0, 1, 3, 10, 11, 260, 999].map(niceMax), [1, 1, 5, 10, 20, 500, 1000]);
});

test("spend per month, one chart per currency, as a table", () => {
  const describe = (key) => `<${key}>`;
  const cases = [
    [[], []],
    [
      [{ month: "2024-01", currency: "USD", micros: 75_000, messages: 15 }],
      [{ currency: "USD", keys: ["2024-01"], labels: ["<2024-01>"], data: [[0], [0.075]], total: 75_000 }],
    ],
    [
      // a month priced in one currency only counts 0 in the other; the largest spend first
      [
        { month: "2024-03", currency: "EUR", micros: 2_000_000, messages: 4 },
        { month: "2024-01", currency: "USD", micros: 500_000, messages: 1 },
        { month: "2024-03", currency: "USD", micros: 250_000, messages: 1 },
      ],
      [
        { currency: "EUR", keys: ["2024-01", "2024-03"], labels: ["<2024-01>", "<2024-03>"], data: [[0, 1], [0, 2]], total: 2_000_000 },
        { currency: "USD", keys: ["2024-01", "2024-03"], labels: ["<2024-01>", "<2024-03>"], data: [[0, 1], [0.5, 0.25]], total: 750_000 },
      ],
    ],
  ];
  for (const [spend, want] of cases) assert.deepEqual(spendSeries(spend, describe), want, JSON.stringify(spend));
});

test("the unit response times are charted in, as a table", () => {
  const cases = [
    [0, "insights.seconds", 1], [119, "insights.seconds", 1], [120, "insights.minutes", 60],
    [7199, "insights.minutes", 60], [7200, "insights.hours_axis", 3600], [172_799, "insights.hours_axis", 3600],
    [172_800, "insights.days_axis", 86400], [9e6, "insights.days_axis", 86400],
  ];
  for (const [seconds, key, size] of cases) assert.deepEqual(responseUnit(seconds), { key, seconds: size }, String(seconds));
  assert.deepEqual(responseSeries(DATA.response, (k) => k, { seconds: 60 }),
    { labels: ["2024-01", "2024-02"], data: [[0, 1], [5, 4000 / 60]], seconds: [300, 4000] });
});

test("failures by error code as a share of sent, as a table", () => {
  const f = (code, count) => ({ code, count, meaning: `m${code}`, what_to_do: "" });
  const cases = [
    [[], 10, { labels: [], data: [[], []], meanings: [], total: 0 }],
    [[f(63016, 2)], 40, { labels: ["63016"], data: [[0], [5]], meanings: ["m63016"], total: 2 }],
    [[f(30008, 1), f(63016, 3)], 4, { labels: ["30008", "63016"], data: [[0, 1], [25, 75]], meanings: ["m30008", "m63016"], total: 4 }],
    [[f(30008, 1)], 0, { labels: ["30008"], data: [[0], [0]], meanings: ["m30008"], total: 1 }],
  ];
  for (const [failures, sent, want] of cases) assert.deepEqual(failureSeries(failures, sent), want, `${failures.length} / ${sent}`);
});

test("waits in words, as a table", async () => {
  await page("en");
  const cases = [[0, "0 s"], [45, "45 s"], [60, "1 min"], [719, "12 min"], [3600, "1 h 00"], [11100, "3 h 05"], [86400, "1 d 0 h"], [187200, "2 d 4 h"]];
  for (const [seconds, want] of cases) assert.equal(duration(seconds), want, String(seconds));
});

test("insights: totals, percentages and money", () => {
  assert.deepEqual(totals([{ inbound: 2, outbound: 3 }, { inbound: 1, outbound: 0 }]), { inbound: 3, outbound: 3, all: 6 });
  assert.equal(percent(1, 0, "en"), "—");
  assert.equal(percent(1, 40, "en"), "2.5%");
  assert.match(percent(1, 40, "fr"), /^2,5\s%$/u);
  assert.equal(money(12_345_000, "USD", "en"), "US$12.35");
  assert.match(money(5_000, "EUR", "fr"), /^0,01\s€$/u);
  assert.equal(money(1_500_000, "XYZ1", "en"), "1.50 XYZ1", "an odd code is written after");
  assert.deepEqual(spendTotals([
    { month: "2024-01", currency: "USD", micros: 5, messages: 1 },
    { month: "2024-01", currency: "EUR", micros: 9, messages: 2 },
    { month: "2024-02", currency: "USD", micros: 7, messages: 3 },
  ]), [{ currency: "USD", micros: 12, messages: 4 }, { currency: "EUR", micros: 9, messages: 2 }]);
});

test("without uPlot the Insights screen gives its figures as tables, the months' one open", async () => {
  assert.equal(globalThis.uPlot, undefined, "Node has no uPlot");
  const backend = fakeBackend({ archive_insights: () => DATA, save_insights_csv: () => "/tmp/x.csv" });
  const p = await page("en");
  p.app.show("insights");
  await p.settle();
  assert.equal(p.$("#insights-body").dataset.loaded, "true");
  assert.equal(p.$("#insights-month-chart"), null, "no chart without the library");
  assert.equal(p.$("#insights-months details").hasAttribute("open"), true, "the table stands in for the chart");
  assert.deepEqual([...p.$$("#insights-months-table tbody tr")].map((tr) => tr.textContent), ["Jan 2024105", "Feb 202448"]);
  assert.equal(p.$("#insights-linked-only").textContent, EN["insights.linked_only"]);
  assert.equal(p.text("#insights-spend-total"), "US$0.08 for 15 priced messages");
  assert.deepEqual([...p.$$("#insights-response-table tbody tr")].map((tr) => tr.textContent), ["Feb 202421 h 07", "Jan 202445 min"], "newest month first");
  assert.equal(p.$("#insights-failures-table tbody tr").textContent.includes("15.4%"), true);
  assert.equal(p.$("#insights-open-7").textContent, HOSTILE.img);
  p.$("#insights-export").click();
  await p.settle();
  assert.equal(p.$("#insights-saved").textContent, "Saved: /tmp/x.csv");
  assert.deepEqual(backend.commands(), ["archive_insights", "save_insights_csv"]);
  p.$("#insights-open-7").click();
  await p.settle();
  assert.deepEqual(p.app.current(), { name: "conversations", params: { open: 7 } });
});

test("with uPlot the months are charted received beside sent, named in the user's language", async () => {
  await withPlot(async () => {
    fakeBackend({ archive_insights: () => DATA });
    const p = await page("fr");
    p.app.show("insights");
    await p.settle();
    const box = p.$("#insights-month-chart");
    assert.equal(box.getAttribute("role"), "img");
    assert.match(box.getAttribute("aria-label"), /^2 mois affichés ; 14 messages reçus et 13 envoyés/u);
    assert.equal(p.$("#insights-months details").hasAttribute("open"), false, "the table is one click away");
    assert.equal(FakePlot.made.length, 4, "months, spend (one currency), response time, failures");
    const plot = FakePlot.made.find((x) => x.target === box);
    assert.equal(plot.target, box, "drawn into the box");
    assert.deepEqual(plot.data, [[0, 1], [10, 4], [5, 8]]);
    const { series, axes, scales } = plot.opts;
    assert.deepEqual(series.map((s) => s.label), [FR["insights.month"], FR["insights.col_received"], FR["insights.col_sent"]]);
    assert.deepEqual(series.slice(1).map((s) => s.paths.bars.align), [-1, 1], "received left of sent");
    assert.notEqual(series[1].fill, series[2].fill, "two colours");
    assert.equal(series[0].value(plot, 1), "févr. 2024");
    assert.equal(series[0].value(plot, null), "janv. 2024 – févr. 2024");
    assert.equal(series[1].value(plot, null), "14", "the legend totals what is shown when no month is hovered");
    assert.equal(series[2].value(plot, 8), "8", "a hovered month shows its own count");
    assert.deepEqual(axes[0].values(plot, [0, 1]), ["janv. 2024", "févr. 2024"]);
    assert.deepEqual(axes[1].values(plot, [0, 5000]), ["0", "5\u202f000"]);
    assert.deepEqual(scales.x.range(plot), [-0.5, 1.5], "half a month of room at each end");
    assert.deepEqual(scales.y.range(plot, 0, 10), [0, 10]);
    assert.equal(Object.keys(scales.x).includes("time") && scales.x.time, false, "months by position, not a time scale");
    p.app.show("search");
    assert.equal(plot.destroyed, true, "leaving the screen frees the plot");
    assert.ok(FakePlot.made.every((x) => x.destroyed), "and every other plot");
  });
});

test("with uPlot spend, response time and failures are charted beside their tables", async () => {
  await withPlot(async () => {
    fakeBackend({ archive_insights: () => DATA });
    const p = await page("fr");
    p.app.show("insights");
    await p.settle();
    const plotIn = (id) => FakePlot.made.find((x) => x.target === p.$(id));

    const spend = plotIn("#insights-spend-chart-USD");
    assert.match(p.$("#insights-spend-chart-USD").getAttribute("aria-label"), /^Dépenses en USD par mois sur 1 mois : 0,08\s\$US en tout/u);
    assert.deepEqual(spend.data, [[0], [0.075]]);
    assert.deepEqual(spend.opts.series.map((s) => s.label), [FR["insights.month"], "Dépense (USD)"]);
    assert.match(spend.opts.series[1].value(spend, null, 1, null), /^0,08\s\$US$/u, "the total when no month is hovered");
    assert.match(spend.opts.axes[1].values(spend, [0.05])[0], /^0,05\s\$US$/u);
    assert.ok(p.$("#insights-spend-table"), "the table stays beside the chart");

    const response = plotIn("#insights-response-chart");
    assert.deepEqual(response.data, [[0, 1], [5, 4000 / 60]], "in minutes: the slowest month is under two hours");
    assert.deepEqual(response.opts.axes[1].values(response, [0, 60]), ["0 min", "60 min"]);
    assert.equal(response.opts.series[1].value(response, 66.7, 1, 1), "1 h 07", "a hovered month in words");
    assert.equal(response.opts.series[1].value(response, null, 1, null), "—");
    assert.equal(response.opts.series[1].fill, plotIn("#insights-month-chart").opts.series[1].fill, "the received colour");
    assert.equal(p.$$("#insights-response-table tbody tr").length, 2);

    const failures = plotIn("#insights-failures-chart");
    assert.deepEqual(failures.data, [[0], [(2 / 13) * 100]]);
    assert.deepEqual(failures.opts.axes[0].values(failures, [0]), ["63016"]);
    assert.equal(failures.opts.series[0].value(failures, 0), "63016 — Outside the 24-hour window.", "the reason when hovered");
    assert.equal(failures.opts.series[0].value(failures, null), "Tous les codes (1)");
    assert.match(failures.opts.series[1].value(failures, null, 1, null), /^15,4\s%$/u);
    assert.match(failures.opts.axes[1].values(failures, [5])[0], /^5\s%$/u);
    assert.ok(p.$("#insights-failures-table tbody tr").textContent.includes("Send a template."));
  });
});

test("with uPlot an archive without messages still shows the empty state, no chart", async () => {
  await withPlot(async () => {
    fakeBackend({ archive_insights: () => ({ ...DATA, months: [], senders: [], busiest: [], spend: [], response: [], failures: [], sent: 0 }) });
    const p = await page("en");
    p.app.show("insights");
    await p.settle();
    assert.equal(p.text("#insights-empty .empty-what"), EN["insights.empty"]);
    assert.equal(FakePlot.made.length, 0);
  });
});

test("with uPlot a section without figures keeps its empty state and draws no chart", async () => {
  await withPlot(async () => {
    fakeBackend({ archive_insights: () => ({ ...DATA, spend: [], response: [], failures: [] }) });
    const p = await page("en");
    p.app.show("insights");
    await p.settle();
    assert.equal(FakePlot.made.length, 1, "the months only");
    assert.equal(p.text("#insights-no-spend"), EN["insights.no_spend"]);
    assert.equal(p.text("#insights-no-response"), EN["insights.no_response"]);
    assert.equal(p.text("#insights-no-failures"), EN["insights.no_failures"]);
  });
});
