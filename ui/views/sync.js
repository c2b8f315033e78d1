// The first (or a later) sync: a progress bar fed by backend events, and a cancel button.
// In demo mode it first starts the built-in simulator.
import * as ipc from "../ipc.js";
import { t, number } from "../i18n.js";

function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t("sync.seconds", { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("sync.minutes", { m, s: String(s % 60).padStart(2, "0") });
  return t("sync.hours", { h: Math.floor(m / 60), m: String(m % 60).padStart(2, "0") });
}

/** How far along a progress report is, from 0 to 1, or null when it cannot be told. */
export function fraction(p) {
  if (p.phase === "done") return 1;
  if ((p.phase === "media_metadata" || p.phase === "media_files") && p.media_total > 0) {
    return p.media_done / p.media_total;
  }
  if (p.phase === "messages" && p.shards_total > 0) return p.shards_done / p.shards_total;
  return null;
}

export const sync = {
  mount(root, app, { mode, resume = false }) {
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
    el("sync-title").textContent = t(mode === "demo" && !resume ? "sync.title_demo" : "sync.title");

    const setPhase = (key) => {
      phase.textContent = t(key);
      phase.dataset.phase = key;
    };

    const onProgress = (p) => {
      setPhase(`sync.phase_${p.phase}`);
      const f = fraction(p);
      if (f === null) bar.removeAttribute("value");
      else bar.value = Math.round(f * 1000);
      el("sync-fetched").textContent = number(p.messages_fetched);
      el("sync-new").textContent = number(p.messages_new);
      el("sync-rate").textContent = p.rate_per_sec > 0 ? t("sync.per_second", { n: number(Math.round(p.rate_per_sec)) }) : "–";
      el("sync-eta").textContent = duration(p.eta_secs);
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
      bar.value = 1000;
      setPhase("sync.phase_done");
      app.show("conversations", { justSynced: report });
    };

    const failed = (error) => {
      cancel.hidden = true;
      bar.removeAttribute("value");
      setPhase("sync.phase_failed");
      alert.textContent = error.message;
      alert.dataset.code = error.code;
      alert.hidden = false;
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
          await ipc.startDemo();
          demoStarted = true;
          if (!alive) return;
        }
        setPhase("sync.phase_planning");
        await ipc.startSync();
      } catch (error) {
        if (alive) failed(error);
      }
    };

    ipc
      .watchSync({
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
        await ipc.cancelSync();
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
