// The status area: what is happening (in words and a bar) or what went wrong (with what to do next).

import { STEPS, stepLabel } from "../shared/lookup.js";
import { timeOfDay } from "../shared/time.js";
import { h } from "./dom.js";

const root = () => document.getElementById("status");
let shownKey = "";
let countdown = null;

export function renderStatus(state) {
  const el = root();
  if (state.phase === "error") return renderError(el, state);
  stopCountdown();
  if (state.phase !== "starting" && state.phase !== "working") {
    if (shownKey) el.replaceChildren();
    shownKey = "";
    return;
  }
  const status = state.phase === "working" ? state.lookup?.status || "queued" : state.startingText;
  const key = `progress:${status}`;
  if (key !== shownKey) {
    shownKey = key;
    el.replaceChildren(progressView(state));
  }
  const progress = state.phase === "working" ? Math.round((state.lookup?.progress || 0) * 100) : null;
  const bar = el.querySelector(".bar");
  if (progress == null) {
    bar.removeAttribute("aria-valuenow");
    bar.classList.add("indeterminate");
  } else {
    bar.classList.remove("indeterminate");
    bar.setAttribute("aria-valuenow", String(progress));
    bar.setAttribute("aria-valuetext", `${progress}% — ${stepLabel(state.lookup.status)}`);
    bar.firstElementChild.style.width = `${Math.max(progress, 3)}%`;
  }
  const stage = el.querySelector(".stage");
  stage.textContent = state.lookup?.stage || "";
}

function progressView(state) {
  const working = state.phase === "working";
  const current = working ? state.lookup?.status || "queued" : null;
  const label = working ? `${stepLabel(current)}…` : state.startingText;
  const seen = new Set(state.stepsSeen || []);
  const steps = STEPS.filter(([key]) => key !== "transcribing" || seen.has("transcribing"));
  const at = steps.findIndex(([key]) => key === current);
  return h(
    "div",
    { class: "progress" },
    h("p", { class: "progress-label" }, h("span", { class: "spinner", "aria-hidden": "true" }), label),
    h(
      "div",
      {
        class: "bar",
        role: "progressbar",
        "aria-label": "Lookup progress",
        "aria-valuemin": 0,
        "aria-valuemax": 100,
      },
      h("span"),
    ),
    working
      ? h(
          "ol",
          { class: "steps", "aria-label": "Steps" },
          steps.map(([key, text], i) =>
            h(
              "li",
              { class: i < at ? "done" : i === at ? "current" : "todo", "aria-current": i === at ? "step" : null },
              text,
            ),
          ),
        )
      : null,
    h("p", { class: "stage" }),
  );
}

function renderError(el, state) {
  const err = state.error;
  const key = `error:${err.kind}:${err.code}:${err.message}:${err.retryAt}`;
  if (key !== shownKey) {
    shownKey = key;
    el.replaceChildren(errorView(err, state.options.language));
    const primary = el.querySelector("button");
    if (primary && (document.activeElement === document.body || !document.activeElement)) primary.focus();
  }
  if (err.retryAt) startCountdown(el, err.retryAt);
  else stopCountdown();
}

function errorView(err, language) {
  const at = err.retryAt ? ` Try again at ${timeOfDay(err.retryAt, language)}.` : "";
  return h(
    "div",
    { class: `error error-${err.kind}` },
    h("h2", { class: "error-title" }, err.title),
    err.message || at ? h("p", {}, `${err.message || ""}${at}`) : null,
    err.detail ? h("p", { class: "detail" }, "Server: ", h("code", {}, err.detail)) : null,
    err.retryAt ? h("p", { class: "retry-when", "aria-live": "off" }) : null,
    h(
      "div",
      { class: "actions" },
      err.retry ? button("Try again", "retry", true) : null,
      err.options ? button("Open options", "options", !err.retry) : null,
    ),
    err.code && !["unreachable", "not_podcast"].includes(err.code)
      ? h("p", { class: "code" }, `Code: ${err.code}`)
      : null,
  );
}

function button(label, action, primary) {
  return h("button", { type: "button", class: primary ? "button primary" : "button", "data-action": action }, label);
}

function startCountdown(el, retryAt) {
  const tick = () => {
    const left = Math.ceil((retryAt - Date.now()) / 1000);
    const when = el.querySelector(".retry-when");
    const retry = el.querySelector('[data-action="retry"]');
    if (!when || !retry) return stopCountdown();
    if (left > 0) {
      when.textContent = `Retry possible in ${left} s.`;
      retry.disabled = true;
    } else {
      when.textContent = "You can try again now.";
      retry.disabled = false;
      stopCountdown();
    }
  };
  if (!countdown) countdown = setInterval(tick, 1000);
  tick();
}

function stopCountdown() {
  if (countdown) clearInterval(countdown);
  countdown = null;
}
