// The Insights screen: messages per month (received / sent), spend per month and currency, the
// median response time per month and delivery failures by error code (the reason in plain
// words) as bar charts (uPlot), each with the same figures in a table beside it; per business
// number and the busiest conversations as tables. The core counts (under the current user's
// visibility, from figures the sync keeps); the screen only draws. Exportable as CSV.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, number, language } from "../../lib/i18n.js";
import { formatPhone, visible } from "../../lib/format.js";
import { archiveInsights, saveInsightsCsv } from "../../ipc/archive.js";
import { monthChart } from "./chart.js";
import { failureChart, responseChart, spendCharts } from "./figure-charts.js";

/** "mars 2024" / "Mar 2024" for `YYYY-MM`. */
export function monthLabel(key, lang) {
  const [y, m] = String(key).split("-").map(Number);
  if (!y || !m) return String(key);
  return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { month: "short", year: "numeric", timeZone: "UTC" })
    .format(new Date(Date.UTC(y, m - 1, 1)));
}

/** A share as a percentage with one decimal ("2,5 %" / "2.5%"); "—" when there is no base. */
export function percent(part, whole, lang) {
  if (!whole) return "—";
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 1 })
    .format(part / whole);
}

/** An amount in `currency` ("12,35 $US" / "US$12.35"); a code Intl does not know is written after. */
export function money(micros, currency, lang) {
  const amount = micros / 1e6;
  const locale = lang === "fr" ? "fr-FR" : "en-GB";
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

/** Spend summed per currency: [{currency, micros, messages}], largest first. */
export function spendTotals(spend) {
  const by = new Map();
  for (const s of spend) {
    const t = by.get(s.currency) || { currency: s.currency, micros: 0, messages: 0 };
    t.micros += s.micros;
    t.messages += s.messages;
    by.set(s.currency, t);
  }
  return [...by.values()].sort((a, b) => b.micros - a.micros);
}

/** A wait in words: "45 s", "12 min", "3 h 05", "2 d 4 h" (units from the locale files). */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t("insights.seconds", { n: s });
  if (s < 3600) return t("insights.minutes", { n: Math.round(s / 60) });
  if (s < 86400) {
    const minutes = Math.round((s % 3600) / 60);
    return t("insights.hours", { h: Math.floor(s / 3600), m: String(minutes).padStart(2, "0") });
  }
  return t("insights.days", { d: Math.floor(s / 86400), h: Math.round((s % 86400) / 3600) });
}

/** Received, sent and all messages over the months. */
export function totals(months) {
  const inbound = months.reduce((n, m) => n + m.inbound, 0);
  const outbound = months.reduce((n, m) => n + m.outbound, 0);
  return { inbound, outbound, all: inbound + outbound };
}

function table(id, headers, rows) {
  return h("table", { class: "insights-table", id },
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c)))))));
}

function card(id, titleKey, ...children) {
  return h("section", { class: "card insights-card", id, "aria-labelledby": `${id}-title` },
    said("h2", titleKey, { id: `${id}-title` }), ...children);
}

/** The spend, response-time and failure charts (each null or absent without uPlot or figures). */
function figureCharts(data, describe, lang) {
  const medians = data.response.map((r) => r.median_seconds);
  const failed = data.failures.reduce((n, f) => n + f.count, 0);
  const share = (points) => new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 1 }).format(points / 100);
  return {
    spend: spendCharts(data.spend, {
      describe,
      money: (micros, currency) => money(micros, currency, lang),
      month: t("insights.month"),
      label: (currency) => t("insights.spend_in", { currency }),
      description: (currency, months, amount) => t("insights.spend_chart_description", { currency, months: number(months), amount }),
    }),
    response: responseChart(data.response, {
      describe,
      duration,
      unitValue: (key, n) => t(key, { n: number(n) }),
      median: t("insights.median"),
      month: t("insights.month"),
      description: t("insights.response_chart_description", {
        months: number(medians.length), fastest: duration(Math.min(...medians)), slowest: duration(Math.max(...medians)),
      }),
    }),
    failures: failureChart(data.failures, data.sent, {
      percent: share,
      codes: (n) => t("insights.all_codes", { n: number(n) }),
      rate: t("insights.rate"),
      code: t("insights.code"),
      description: t("insights.failures_chart_description", { codes: number(data.failures.length), rate: percent(failed, data.sent, lang) }),
    }),
  };
}

/** The screen's figures as nodes, and the charts (none without uPlot) to destroy later. */
function render(data, app) {
  const lang = language();
  const sum = totals(data.months);
  const months = data.months.slice(-36);
  const describe = (key) => monthLabel(key, lang);
  const chart = monthChart(months, {
    describe,
    format: number,
    description: t("insights.chart_description", { months: number(months.length), received: number(sum.inbound), sent: number(sum.outbound) }),
    received: t("insights.col_received"),
    sent: t("insights.col_sent"),
    month: t("insights.month"),
  });
  const figures = figureCharts(data, describe, lang);
  const busiest = data.busiest.map((c) => [
    h("button", { type: "button", class: "insights-link", id: `insights-open-${c.id}`, dir: "auto",
      onclick: () => app.show("conversations", { open: c.id }) },
    c.profile_name ? visible(c.profile_name) : formatPhone(c.customer)),
    number(c.messages),
  ]);
  const nodes = [
    data.linked_only ? said("p", "insights.linked_only", { class: "hint", id: "insights-linked-only" }) : null,
    h("div", { class: "insights-totals", id: "insights-totals" },
      h("p", {}, h("strong", {}, number(sum.all)), " ", t("insights.messages")),
      h("p", {}, h("strong", {}, number(sum.inbound)), " ", t("insights.received")),
      h("p", {}, h("strong", {}, number(sum.outbound)), " ", t("insights.sent"))),
    card("insights-months", "insights.months_title",
      chart ? chart.node : null,
      // Without the chart (uPlot not loaded) the table is the figures: shown open.
      h("details", { class: "insights-details", open: !chart }, said("summary", "insights.as_table"),
        table("insights-months-table", [t("insights.month"), t("insights.col_received"), t("insights.col_sent")],
          data.months.map((m) => [describe(m.key), number(m.inbound), number(m.outbound)])))),
    card("insights-senders", "insights.senders_title",
      table("insights-senders-table", [t("insights.number"), t("insights.col_received"), t("insights.col_sent")],
        data.senders.map((s) => [formatPhone(s.key), number(s.inbound), number(s.outbound)]))),
    card("insights-spend", "insights.spend_title",
      data.spend.length
        ? [
          ...figures.spend.map((c) => c.node),
          h("p", { class: "insights-spend-total", id: "insights-spend-total" },
            spendTotals(data.spend).map((x) => t("insights.spend_total", { amount: money(x.micros, x.currency, lang), messages: number(x.messages) })).join(" · ")),
          h("details", { class: "insights-details" }, said("summary", "insights.as_table"),
            table("insights-spend-table", [t("insights.month"), t("insights.spend"), t("insights.count")],
              data.spend.map((x) => [describe(x.month), money(x.micros, x.currency, lang), number(x.messages)]))),
        ]
        : said("p", "insights.no_spend", { class: "hint", id: "insights-no-spend" })),
    card("insights-response", "insights.response_title",
      data.response.length
        ? [
          figures.response ? figures.response.node : null,
          said("p", "insights.response_what", { class: "hint" }),
          table("insights-response-table", [t("insights.month"), t("insights.replies"), t("insights.median")],
            data.response.slice().reverse().map((r) => [describe(r.month), number(r.replies), duration(r.median_seconds)])),
        ]
        : said("p", "insights.no_response", { class: "hint", id: "insights-no-response" })),
    card("insights-busiest", "insights.busiest_title",
      busiest.length ? table("insights-busiest-table", [t("insights.conversation"), t("insights.count")], busiest)
        : said("p", "insights.none", { class: "hint" })),
    card("insights-failures", "insights.failures_title",
      data.failures.length
        ? [figures.failures ? figures.failures.node : null, table("insights-failures-table", [t("insights.code"), t("insights.count"), t("insights.rate"), t("insights.meaning")],
          data.failures.map((f) => [String(f.code), number(f.count), percent(f.count, data.sent, lang), `${f.meaning} ${f.what_to_do}`]))]
        : said("p", "insights.no_failures", { class: "hint", id: "insights-no-failures" })),
  ];
  const charts = [chart, ...figures.spend, figures.response, figures.failures].filter(Boolean);
  return { nodes: nodes.filter(Boolean), charts };
}

export const insights = {
  framed: true,
  mount(root, app) {
    let alive = true;
    let charts = [];
    const error = h("p", { class: "alert", id: "insights-error", role: "alert", hidden: true });
    const saved = h("p", { class: "hint", id: "insights-saved", role: "status" });
    const body = h("div", { class: "insights-body", id: "insights-body" });
    const exportButton = said("button", "insights.export_csv", { type: "button", class: "button secondary", id: "insights-export", disabled: true });
    exportButton.addEventListener("click", async () => {
      error.hidden = true;
      try {
        const path = await saveInsightsCsv();
        if (alive) saved.textContent = t("insights.saved", { path });
      } catch (failure) {
        if (alive) showAlert(error, failure.message, failure.code);
      }
    });
    root.replaceChildren(
      h("section", { class: "screen insights", "data-screen": "insights" },
        h("div", { class: "list-header" },
          h("div", { class: "list-title" }, said("h1", "insights.title", { id: "insights-title" })),
          h("div", { class: "actions" }, exportButton)),
        saved, error, body));
    archiveInsights().then((data) => {
      if (!alive) return;
      if (!data.months.length) {
        body.replaceChildren(h("div", { class: "card empty-state", id: "insights-empty" },
          said("p", "insights.empty", { class: "empty-what" }),
          said("button", "search.open_inbox", { type: "button", class: "button secondary", onclick: () => app.show("conversations") })));
      } else {
        const drawn = render(data, app);
        charts = drawn.charts;
        body.replaceChildren(...drawn.nodes);
        exportButton.disabled = false;
      }
      body.dataset.loaded = "true";
    }).catch((failure) => alive && showAlert(error, failure.message, failure.code));
    return () => {
      alive = false;
      for (const chart of charts) chart.destroy();
    };
  },
};
