// The Transcript tab: speaker turns with times, filtered and highlighted by the search query.
// Rows are built once per episode; a query change only toggles `hidden` and re-marks matching rows,
// which keeps typing smooth on 4,000+ segments. The list is one tab stop (roving tabindex, arrow keys).

import { clock } from "../shared/time.js";
import { h, highlighted, speakerHue, timeButton } from "./dom.js";

const PAGE = 10;

export function createTranscriptView(list, countEl, emptyEl) {
  let rows = [];
  let builtFor = null;
  let needle = "";
  let active = null; // the row whose time button is the list's tab stop

  function build(episode) {
    const segments = episode.transcript?.segments || [];
    const fragment = document.createDocumentFragment();
    let previousSpeaker;
    rows = segments.map((seg, i) => {
      const text = String(seg.text || "");
      const speaker = seg.speaker || "";
      const turnStart = i === 0 || speaker !== previousSpeaker;
      previousSpeaker = speaker;
      const textEl = h("p", { class: "text", dir: "auto" }, text);
      const el = h(
        "li",
        { class: `line spk-${speakerHue(speaker)}${turnStart ? " turn-start" : ""}`, "data-i": i },
        timeButton(seg.start, { label: speaker, tabIndex: -1 }),
        h("div", { class: "line-body" }, speaker ? h("span", { class: "who" }, speaker) : null, textEl),
      );
      fragment.append(el);
      return { el, textEl, text, lower: text.toLowerCase(), marked: "" };
    });
    list.replaceChildren(fragment);
    // every time button as wide as the longest one, so the text column lines up
    const longest = rows.length ? clock(segments[segments.length - 1].start).length : 4;
    list.style.setProperty("--time-ch", String(longest));
    if (episode.transcript?.language) list.lang = episode.transcript.language;
    else list.removeAttribute("lang");
    builtFor = episode;
    needle = "";
    countEl.textContent = "";
    emptyEl.hidden = true;
    list.classList.remove("filtering");
    setActive(rows[0] || null);
  }

  function setActive(row) {
    if (active && active !== row) active.el.firstElementChild.tabIndex = -1;
    active = row;
    if (active) active.el.firstElementChild.tabIndex = 0;
  }

  function filter(query) {
    const next = String(query || "").trim().toLowerCase();
    if (next === needle) return;
    needle = next;
    let count = 0;
    let first = null;
    for (const row of rows) {
      const match = !needle || row.lower.includes(needle);
      if (row.el.hidden === match) row.el.hidden = !match;
      const mark = match ? needle : "";
      if (row.marked !== mark) {
        row.textEl.replaceChildren(...highlighted(row.text, mark, row.lower));
        row.marked = mark;
      }
      if (match) {
        count += 1;
        first ||= row;
      }
    }
    list.classList.toggle("filtering", Boolean(needle));
    countEl.textContent = needle ? `${count} matching line${count === 1 ? "" : "s"}` : "";
    emptyEl.hidden = !needle || count > 0;
    if (!active || active.el.hidden) setActive(first);
  }

  function visibleRows() {
    return rows.filter((row) => !row.el.hidden);
  }

  function move(from, key) {
    const visible = visibleRows();
    if (!visible.length) return;
    const at = Math.max(0, visible.indexOf(from));
    const to = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + PAGE,
      PageUp: at - PAGE,
      Home: 0,
      End: visible.length - 1,
    }[key];
    const row = visible[Math.min(visible.length - 1, Math.max(0, to))];
    setActive(row);
    row.el.firstElementChild.focus();
  }

  list.addEventListener("keydown", (event) => {
    const li = event.target.closest?.("li.line");
    if (!li || !["ArrowDown", "ArrowUp", "PageDown", "PageUp", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    move(rows[Number(li.dataset.i)], event.key);
  });
  list.addEventListener("focusin", (event) => {
    const li = event.target.closest?.("li.line");
    if (li) setActive(rows[Number(li.dataset.i)]);
  });

  return {
    /** Show `episode` filtered by `query` (rows are rebuilt only for a new episode). */
    render(episode, query) {
      if (builtFor !== episode) build(episode);
      filter(query);
    },
    /** Focus the first visible line (from the search box's ArrowDown/Enter). */
    focusFirst() {
      const row = visibleRows()[0];
      if (!row) return false;
      setActive(row);
      row.el.firstElementChild.focus();
      return true;
    },
    get size() {
      return rows.length;
    },
  };
}
