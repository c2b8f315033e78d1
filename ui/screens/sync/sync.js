// The first (or a later) sync: a progress bar fed by backend events, and a cancel button.
// In demo mode it first starts the built-in simulator. The core computes how far along the
// sync is (`fraction`, 0..1) and the time left (`eta_secs`); this screen only shows them.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named, number, language } from "../../lib/i18n.js";
import { formatSize } from "../../lib/format.js";
import { startDemo } from "../../ipc/onboarding.js";
import { startSync, checkAllStatuses, cancelSync, watchSync } from "../../ipc/sync.js";

/** "42 s", "3 min 05 s", "1 h 02 min"; "–" when the core cannot tell. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t("sync.seconds", { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("sync.minutes", { m, s: String(s % 60).padStart(2, "0") });
  return t("sync.hours", { h: Math.floor(m / 60), m: String(m % 60).padStart(2, "0") });
}

/** The progress bar's value (0..1000) for the core's `fraction`; 0 when it is missing. */
export function barValue(fraction) {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return Math.round(f * 1000);
}

const stat = (labelKey, id, initial) => h("div", {}, said("dt", labelKey), h("dd", { id }, initial));

function render() {
  return h("section", { class: "screen narrow", "data-screen": "sync" },
    said("p", "common.demo_badge", { class: "demo-badge", id: "sync-demo-badge", hidden: true }),
    h("h1", { id: "sync-title" }),
    h("p", { class: "lead-muted", id: "sync-phase", role: "status" }),
    h("p", { class: "hint", id: "sync-media-estimate", hidden: true }),
    h("div", { class: "card progress-card" },
      h("progress", { id: "sync-bar", max: 1000, ...named("sync.bar_label") }),
      h("dl", { class: "stats" },
        stat("sync.fetched", "sync-fetched", "0"),
        stat("sync.new", "sync-new", "0"),
        stat("sync.rate", "sync-rate", "–"),
        stat("sync.eta", "sync-eta", "–"))),
    said("p", "sync.keep_note", { class: "hint" }),
    h("p", { class: "notice", id: "sync-outcome", role: "status", hidden: true }),
    h("p", { class: "alert", id: "sync-error", role: "alert", hidden: true }),
    h("div", { class: "actions" },
      said("button", "sync.cancel", { type: "button", class: "button secondary", id: "sync-cancel" }),
      h("button", { type: "button", class: "button", id: "sync-retry", hidden: true }),
      said("button", "sync.open", { type: "button", class: "button secondary", id: "sync-open", hidden: true })));
}

export const sync = {
  // Never shown again from history: going back to it would start a sync again.
  fresh: true,
  // A later copy of an open archive shows inside the frame; the first one is part of onboarding.
  framed: (params) => Boolean(params.resume),
  mount(root, app, { mode, resume = false, full = false }) {
    root.replaceChildren(render());
    const el = (id) => root.querySelector(`#${id}`);
    const bar = el("sync-bar");
    const phase = el("sync-phase");
    const cancel = el("sync-cancel");
    const retry = el("sync-retry");
    const open = el("sync-open");
    const outcome = el("sync-outcome");
    const alert = el("sync-error");
    let stop = () => {};
    let alive = true;
    // A resumed demo sync reuses the simulator already running.
    let demoStarted = resume;

    el("sync-demo-badge").hidden = mode !== "demo";
    const title = el("sync-title");
    title.dataset.i18n = mode === "demo" && !resume ? "sync.title_demo" : "sync.title";
    title.textContent = t(title.dataset.i18n);

    // data-i18n: a language switch writes the title and the phase again.
    const setPhase = (key) => {
      phase.textContent = t(key);
      phase.dataset.phase = key;
      phase.dataset.i18n = key;
    };

    const onProgress = (p) => {
      setPhase(`sync.phase_${p.phase}`);
      bar.value = barValue(p.fraction);
      el("sync-fetched").textContent = number(p.messages_fetched);
      el("sync-new").textContent = number(p.messages_new);
      el("sync-rate").textContent = p.rate_per_sec > 0 ? t("sync.per_second", { n: number(Math.round(p.rate_per_sec)) }) : "–";
      el("sync-eta").textContent = duration(p.eta_secs);
      // While downloading media: "About 1.2 GB to download" (refined as files arrive).
      const estimate = el("sync-media-estimate");
      estimate.hidden = p.media_estimate_bytes == null;
      if (!estimate.hidden) estimate.textContent = t("sync.media_estimate", { size: formatSize(p.media_estimate_bytes, language()) });
    };

    const finished = (report) => {
      cancel.hidden = true;
      el("sync-fetched").textContent = number(report.messages_fetched);
      el("sync-new").textContent = number(report.messages_new);
      el("sync-eta").textContent = "–";
      if (report.cancelled) {
        setPhase("sync.phase_cancelled");
        outcome.textContent = t("sync.cancelled", { n: number(report.messages_new) });
        outcome.hidden = false;
        retry.textContent = t("sync.resume");
        retry.hidden = false;
        open.hidden = false;
        return;
      }
      bar.value = barValue(1);
      setPhase("sync.phase_done");
      app.show("conversations", { justSynced: report });
    };

    const failed = (error) => {
      cancel.hidden = true;
      bar.removeAttribute("value");
      setPhase("sync.phase_failed");
      showAlert(alert, error.message, error.code);
      retry.textContent = t("sync.retry");
      retry.hidden = false;
      // After a failed first sync there may be nothing to show yet; after a partial one there is.
      open.hidden = !(demoStarted || mode === "own");
    };

    const run = async () => {
      alert.hidden = true;
      outcome.hidden = true;
      retry.hidden = true;
      open.hidden = true;
      cancel.hidden = false;
      cancel.disabled = false;
      bar.removeAttribute("value");
      try {
        if (mode === "demo" && !demoStarted) {
          setPhase("sync.phase_starting_demo");
          await startDemo();
          demoStarted = true;
          if (!alive) return;
        }
        setPhase("sync.phase_planning");
        await (full ? checkAllStatuses() : startSync());
      } catch (error) {
        if (alive) failed(error);
      }
    };

    watchSync({
      onProgress: (p) => alive && onProgress(p),
      onFinished: (r) => alive && finished(r),
      onFailed: (e) => alive && failed(e),
    })
      .then((unsubscribe) => {
        stop = unsubscribe;
        if (!alive) stop();
        else run();
      })
      .catch((error) => failed(error));

    cancel.addEventListener("click", async () => {
      cancel.disabled = true;
      setPhase("sync.phase_cancelling");
      try {
        await cancelSync();
      } catch (error) {
        failed(error);
      }
    });
    retry.addEventListener("click", () => run());
    open.addEventListener("click", () => app.show("conversations", {}));

    return () => {
      alive = false;
      stop();
    };
  },
};
