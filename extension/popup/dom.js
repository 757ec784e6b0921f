// Tiny DOM helpers: every text goes in as text, never as HTML.

import { clock, clockLabel } from "../shared/time.js";

/**
 * Build an element: h("p", {class: "x", dataset: {t: 1}}, "text", child…).
 * Attributes set to null/false are skipped; `true` sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "text") el.textContent = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** A button that jumps the player to `seconds`; the click is handled once, on the popup's root. */
export function timeButton(seconds, { label = "", tabIndex = null } = {}) {
  const spoken = `Play from ${clockLabel(seconds)}${label ? `: ${label}` : ""}`;
  return h(
    "button",
    { type: "button", class: "time", "data-t": Number(seconds) || 0, "aria-label": spoken, tabindex: tabIndex },
    clock(seconds),
  );
}

/** A titled section of the gist. */
export function section(id, title, ...body) {
  const heading = h("h2", { id: `h-${id}` }, title);
  return h("section", { class: "gist-section", "aria-labelledby": `h-${id}` }, heading, ...body);
}

/** A stable colour slot (0–5) for a speaker's name. */
export function speakerHue(name) {
  let hash = 0;
  for (const ch of String(name || "")) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 6;
}

/** Text with every case-insensitive occurrence of `needle` wrapped in <mark>. */
export function highlighted(text, needle, lowered = text.toLowerCase()) {
  if (!needle || lowered.length !== text.length) return [text];
  const parts = [];
  let from = 0;
  let at = lowered.indexOf(needle);
  while (at !== -1) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(h("mark", {}, text.slice(at, at + needle.length)));
    from = at + needle.length;
    at = lowered.indexOf(needle, from);
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}
