// "Move my number" (SCREENS.md): a stepper over the core's wizard for one business number at a
// time. The state lives in the archive (the core's serde enum), so the screen only shows it and
// sends the user's events; Back and Continue move freely, a step that is not complete says why.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named } from "../../lib/i18n.js";
import { formatPhone } from "../../lib/format.js";
import { moveStatus, moveEvent, moveFacts, moveCheck, moveTicket, moveFinish, moveReport, moveExport } from "../../ipc/move.js";
import { convertNotes } from "../../ipc/notes.js";
import { STEP_BODIES, STEP_NAMES, renderFacts } from "./steps.js";

/** The step the sidebar's badge shows: the furthest started wizard's, else null. */
export const badgeStep = (statuses) =>
  statuses.filter((s) => s.started).reduce((best, s) => Math.max(best || 0, s.step), null);

function skeleton(handlers) {
  return h("section", { class: "screen move-screen", "data-screen": "migration" },
    said("h1", "move.title", { id: "migration-title" }),
    said("p", "move.lead", { class: "lead-muted", id: "move-lead" }),
    h("label", { class: "move-sender-row", id: "move-sender-row", hidden: true },
      said("span", "move.number"), h("select", { id: "move-sender", onchange: handlers.pick })),
    h("ol", { class: "move-stepper", id: "move-steps", ...named("move.steps") }),
    h("p", { class: "alert", id: "move-error", role: "alert", hidden: true }),
    h("div", { class: "card move-body", id: "move-body" }),
    h("p", { class: "hint", id: "move-blocker", role: "status" }),
    h("div", { class: "actions move-nav" },
      said("button", "move.back", { type: "button", class: "button secondary", id: "move-back", onclick: handlers.back }),
      said("button", "move.continue", { type: "button", class: "button", id: "move-continue", onclick: handlers.forward })));
}

function stepper(list, current) {
  list.replaceChildren(...STEP_NAMES.map((name, i) => h("li", {
    class: "move-step",
    "data-step": name,
    "data-state": i < current ? "past" : i === current ? "current" : "next",
    "aria-current": i === current ? "step" : null,
  }, h("span", { class: "move-step-number", "aria-hidden": "true" }, String(i + 1)), said("span", `move.step.${name}`))));
}

function mount(root, app) {
  let statuses = [];
  let sender = null;
  let alive = true;
  let shown = 0; // how many times the step was drawn (a test waits for the next one)
  const $ = (css) => root.querySelector(css);
  const fail = (error) => alive && showAlert($("#move-error"), error.message, error.code);
  const status = () => statuses.find((s) => s.sender === sender);

  function show() {
    const s = status();
    if (!s) {
      $("#move-body").replaceChildren(said("p", "move.no_number", { class: "hint", id: "move-empty" }));
      $("#move-back").disabled = true;
      $("#move-continue").disabled = true;
      return;
    }
    const index = s.step - 1;
    const name = STEP_NAMES[index];
    stepper($("#move-steps"), index);
    $("#move-body").dataset.step = name;
    $("#move-body").dataset.shown = String(++shown);
    $("#move-body").replaceChildren(...[STEP_BODIES[name](s.state, actions)].flat(Infinity).filter(Boolean));
    $("#move-back").disabled = index === 0;
    $("#move-continue").hidden = name === "new_provider" || name === "done";
    $("#move-continue").disabled = Boolean(s.blocker);
    $("#move-blocker").textContent = s.blocker && name !== "done" ? t(`move.blocker.${s.blocker}`) : "";
    if (app.refreshFrame) app.refreshFrame();
  }

  function take(list) {
    statuses = list;
    if (!statuses.some((s) => s.sender === sender)) sender = statuses.length ? statuses[0].sender : null;
    const select = $("#move-sender");
    select.replaceChildren(...statuses.map((s) => h("option", { value: s.sender }, formatPhone(s.sender))));
    select.value = sender || "";
    $("#move-sender-row").hidden = statuses.length < 2;
    $("#move-error").hidden = true;
    show();
  }

  // The user's actions reach the backend one after the other (two quick clicks must not
  // race), and each answer is shown in turn, so the last one shown is the latest state.
  let queue = Promise.resolve();
  const latest = (call) => {
    const next = queue.then(call).then((list) => alive && take(list));
    queue = next.catch(() => {}); // a failure is shown by its caller and does not stop the next
    return next;
  };
  const send = (event) => latest(() => moveEvent(sender, event)).catch(fail);

  const actions = {
    send,
    open: (screen) => app.show(screen),
    loadFacts(el) {
      moveFacts(sender)
        .then((facts) => alive && el.replaceChildren(...renderFacts(facts).filter(Boolean)))
        .catch((error) => alive && el.replaceChildren(h("p", { class: "alert", id: "move-facts-error" }, error.message)));
    },
    check() {
      $("#move-check").disabled = true;
      $("#move-check-progress").hidden = false;
      latest(() => moveCheck(sender).then(() => moveStatus())).catch((error) => {
        fail(error);
        if (alive) {
          $("#move-check").disabled = false;
          $("#move-check-progress").hidden = true;
        }
      });
    },
    loadTicket(el) {
      moveTicket(sender).then((text) => {
        if (alive) el.value = text;
      }).catch(fail);
    },
    copy(el) {
      const selectAll = () => {
        el.focus();
        el.select();
        $("#move-copied").textContent = t("move.copy_select");
      };
      const clipboard = globalThis.navigator && navigator.clipboard;
      if (!clipboard || !clipboard.writeText) return selectAll();
      return clipboard.writeText(el.value).then(() => {
        if (alive) $("#move-copied").textContent = t("move.copied");
      }, selectAll);
    },
    finish() {
      $("#move-finish").disabled = true;
      latest(() => moveFinish(sender)).catch((error) => {
        fail(error);
        if (alive) $("#move-finish").disabled = false;
      });
    },
    defaultReportPath: (address) => t("move.report_default", { number: String(address).replace(/\D/g, "") }),
    // Step 3 runs the real thing: the notes written now (as the Notes screen does) and the
    // archive exported as an HTML folder (as `passerelle export --format html` does).
    writeNotes(button) {
      button.disabled = true;
      convertNotes(false).then((report) => {
        if (alive) $("#move-notes-done").textContent = t("notes.converted", report);
      }).catch(fail).finally(() => {
        button.disabled = false;
      });
    },
    exportArchive(button) {
      button.disabled = true;
      $("#move-export-done").textContent = t("move.exporting");
      moveExport().then((report) => {
        if (alive) $("#move-export-done").textContent = t("move.exported", { path: String(report.files[0] || ""), messages: report.messages });
      }).catch((error) => {
        if (alive) $("#move-export-done").textContent = "";
        fail(error);
      }).finally(() => {
        button.disabled = false;
      });
    },
    report(path, format = "html") {
      moveReport(sender, path, format).then((written) => {
        if (alive) $("#move-report-done").textContent = t("move.report_written", { path: written });
      }).catch(fail);
    },
  };

  root.replaceChildren(skeleton({
    pick: (event) => {
      sender = event.target.value;
      show();
    },
    back: () => send({ type: "back" }),
    forward: () => send({ type: "continue", at: Math.floor(Date.now() / 1000) }),
  }));
  latest(() => moveStatus()).catch(fail);
  return () => {
    alive = false;
  };
}

/** The "Move my number" screen (sidebar name: migration). */
export const move = { framed: true, mount };
