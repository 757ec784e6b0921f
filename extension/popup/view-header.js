// The episode header: artwork, show, title, date, duration, speakers.

import { dateText, durationText } from "../shared/time.js";
import { h } from "./dom.js";

export function headerView(episode, options) {
  const segments = episode.transcript?.segments || [];
  const duration = episode.duration || segments[segments.length - 1]?.end || 0;
  const speakers = (episode.speakers || []).map((s) => (s.role ? `${s.name} (${s.role})` : s.name));
  const facts = [
    episode.published
      ? h("time", { datetime: episode.published }, dateText(episode.published, options.language))
      : null,
    duration ? h("span", {}, durationText(duration)) : null,
    sourceText(episode.transcript?.source) ? h("span", {}, sourceText(episode.transcript.source)) : null,
  ].filter(Boolean);

  return [
    artwork(episode),
    h(
      "div",
      { class: "meta" },
      episode.show ? h("p", { class: "show" }, episode.show) : null,
      h("h1", { class: "title", title: episode.title }, episode.title || "Untitled episode"),
      facts.length ? h("p", { class: "facts" }, joinWithDots(facts)) : null,
      speakers.length ? h("p", { class: "people" }, `With ${speakers.join(", ")}`) : null,
    ),
  ];
}

function artwork(episode) {
  const placeholder = () =>
    h(
      "div",
      { class: "art art-placeholder", "aria-hidden": "true" },
      h("img", { src: "../icons/icon-48.png", alt: "" }),
    );
  if (!episode.artworkUrl || !/^https?:/i.test(episode.artworkUrl)) return placeholder();
  const img = h("img", {
    class: "art",
    src: episode.artworkUrl,
    alt: "",
    width: 72,
    height: 72,
    referrerpolicy: "no-referrer",
    decoding: "async",
  });
  img.addEventListener("error", () => img.replaceWith(placeholder()), { once: true });
  return img;
}

function sourceText(source) {
  if (!source) return "";
  if (source.startsWith("publisher")) return "Publisher transcript";
  if (source.startsWith("youtube")) return "YouTube captions";
  if (source.startsWith("asr")) return "Speech-to-text";
  return "";
}

function joinWithDots(nodes) {
  const out = [];
  nodes.forEach((node, i) => {
    if (i) out.push(h("span", { class: "dot", "aria-hidden": "true" }, " · "));
    out.push(node);
  });
  return out;
}
