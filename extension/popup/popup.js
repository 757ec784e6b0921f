// The popup: one store, one render function, and event handlers that only change the store or act.

import { seekTo } from "../shared/player.js";
import { loadOptions } from "../shared/storage.js";
import { createStore } from "../shared/store.js";
import { copyMarkdown, download } from "./actions.js";
import { createController } from "./controller.js";
import { gistView } from "./view-gist.js";
import { headerView } from "./view-header.js";
import { renderStatus } from "./view-status.js";
import { createTranscriptView } from "./view-transcript.js";

const $ = (id) => document.getElementById(id);
const SEARCH_DEBOUNCE_MS = 120;
const NOTICE_MS = 4000;

const params = new URLSearchParams(location.search);
const tabParam = params.has("tab") ? Number(params.get("tab")) : null;

const store = createStore({
  options: await loadOptions(),
  phase: "starting",
  startingText: "Reading the page…",
  tab: null,
  lookup: null,
  stepsSeen: [],
  episode: null,
  error: null,
  view: "gist",
  viewChosen: false,
  query: "",
  notice: "",
});
const controller = createController(store, { tabId: Number.isInteger(tabParam) ? tabParam : null });
const transcript = createTranscriptView($("lines"), $("search-count"), $("no-matches"));

// --- render -----------------------------------------------------------------------------------------
function render(state, prev) {
  document.body.classList.toggle("has-episode", state.phase === "ready");
  document.body.dataset.phase = state.phase;
  renderStatus(state);
  $("refresh").hidden = state.phase !== "ready";
  $("episode").hidden = state.phase !== "ready";
  if (state.phase === "ready") {
    if (state.episode !== prev.episode || state.options !== prev.options) {
      $("episode-header").replaceChildren(...headerView(state.episode, state.options));
      $("panel-gist").replaceChildren(...gistView(state.episode, state.options));
    }
    for (const name of ["gist", "transcript"]) {
      const selected = state.view === name;
      $(`tab-${name}`).setAttribute("aria-selected", String(selected));
      $(`tab-${name}`).tabIndex = selected ? 0 : -1;
      $(`panel-${name}`).hidden = !selected;
    }
    if (state.view === "transcript") transcript.render(state.episode, state.query);
    const search = $("search");
    if (search.value !== state.query && document.activeElement !== search) search.value = state.query;
  }
  $("notice").textContent = state.notice;
}
store.subscribe(render);

// --- events ------------------------------------------------------------------------------------------
let noticeTimer = null;
function announce(text) {
  store.set({ notice: text });
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => store.set({ notice: "" }), NOTICE_MS);
}

function showView(view, focus = false) {
  store.set({ view, viewChosen: true });
  if (focus) queueMicrotask(() => $(`tab-${view}`).focus());
}

document.addEventListener("click", async (event) => {
  const target = event.target.closest("button");
  if (!target) return;
  const state = store.get();
  if (target.dataset.t !== undefined && state.episode) {
    const seconds = Number(target.dataset.t);
    const tab = state.tab || {};
    announce(await seekTo({ tabId: tab.id ?? null, tabUrl: tab.url || "", episode: state.episode, seconds }));
  } else if (target.dataset.action === "retry" || target.id === "refresh") {
    controller.start({ fresh: true });
  } else if (target.dataset.action === "options" || target.id === "open-options") {
    chrome.runtime.openOptionsPage();
  } else if (target.dataset.search !== undefined) {
    store.set({ view: "transcript", viewChosen: true, query: target.dataset.search });
    $("search").value = target.dataset.search;
    queueMicrotask(() => $("search").focus());
  } else if (target.getAttribute("role") === "tab") {
    showView(target.id.replace("tab-", ""));
  } else if (target.id === "copy-md" && state.episode) {
    announce(await copyMarkdown(state.episode));
  } else if (target.dataset.download && state.episode) {
    announce(download(state.episode, target.dataset.download));
  }
});

$("episode").querySelector('[role="tablist"]').addEventListener("keydown", (event) => {
  const order = ["gist", "transcript"];
  const at = order.indexOf(store.get().view);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: order.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  showView(order[(next + order.length) % order.length], true);
});

let searchTimer = null;
const search = $("search");
search.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => store.set({ query: search.value }), SEARCH_DEBOUNCE_MS);
});
search.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "Enter") {
    clearTimeout(searchTimer);
    store.set({ query: search.value });
    queueMicrotask(() => transcript.focusFirst());
    event.preventDefault();
  } else if (event.key === "Escape" && search.value) {
    event.preventDefault();
    event.stopPropagation();
    search.value = "";
    store.set({ query: "" });
  }
});
document.addEventListener("keydown", (event) => {
  const typing = event.target.matches?.("input, textarea");
  if (event.key === "/" && !typing && store.get().view === "transcript" && store.get().phase === "ready") {
    event.preventDefault();
    search.focus();
  }
});

// Options changed in another page (e.g. sections): re-render with them.
chrome.storage.onChanged.addListener(async (_changes, area) => {
  if (area === "local") store.set({ options: await loadOptions() });
});

controller.start();
