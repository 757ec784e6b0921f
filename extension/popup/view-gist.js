// The Gist tab: summary, key takeaways, quotes, questions answered, chapters, topics. Only real content:
// sections without data are left out, and an episode without insights says so.

import { clock } from "../shared/time.js";
import { h, section, timeButton } from "./dom.js";

export function gistView(episode, options) {
  const show = options.sections || {};
  const ins = episode.insights || null;
  const parts = [];

  if (ins && show.summary !== false) parts.push(summary(ins));
  if (ins && show.takeaways !== false) parts.push(takeaways(ins.takeaways));
  if (ins && show.quotes !== false) parts.push(quotes(ins.quotes));
  if (ins && show.questions !== false) parts.push(questions(ins.questions));
  if (show.chapters !== false) parts.push(chapters(episode.chapters?.length ? episode.chapters : ins?.chapters));
  if (ins && show.keywords !== false) parts.push(topics(ins.keywords));
  const filled = parts.filter(Boolean);

  if (!ins) {
    filled.unshift(
      h(
        "p",
        { class: "empty" },
        "No gist has been computed for this episode yet. The transcript is ready in the Transcript tab.",
      ),
    );
  } else if (!filled.length) {
    filled.push(h("p", { class: "empty" }, "All gist sections are turned off in Options."));
  }
  const about = description(episode.description);
  if (about) filled.push(about);
  if (ins?.note) filled.push(h("p", { class: "note" }, ins.note));
  return filled;
}

function summary(ins) {
  const s = ins.summary;
  if (!s || (!s.headline && !s.overview)) return null;
  const share = (ins.speakers || []).filter((p) => p.speaker && p.share > 0);
  return section(
    "summary",
    "Summary",
    h(
      "div",
      { class: "summary" },
      s.headline ? h("p", { class: "headline" }, s.headline) : null,
      s.overview ? h("p", { class: "overview" }, s.overview) : null,
      h("p", { class: "from" }, "From ", timeButton(s.start, { label: "summary" })),
    ),
    share.length
      ? h(
          "p",
          { class: "share" },
          "Speaking time: ",
          share.map((p) => `${p.speaker} ${Math.round(p.share * 100)}%`).join(" · "),
        )
      : null,
  );
}

function takeaways(items) {
  if (!items?.length) return null;
  return section(
    "takeaways",
    "Key takeaways",
    h(
      "ol",
      { class: "takeaways" },
      items.map((t) =>
        h(
          "li",
          {},
          h(
            "div",
            { class: "item-body" },
            h("p", { class: "item-head" }, t.headline),
            t.detail ? h("p", {}, t.detail) : null,
          ),
          timeButton(t.start, { label: t.headline }),
        ),
      ),
    ),
  );
}

function quotes(items) {
  if (!items?.length) return null;
  return section(
    "quotes",
    "Notable quotes",
    h(
      "ul",
      { class: "quotes" },
      items.map((q) =>
        h(
          "li",
          {},
          h(
            "figure",
            {},
            h("blockquote", {}, h("p", {}, q.text)),
            h(
              "figcaption",
              {},
              q.speaker ? h("span", { class: "who" }, q.speaker) : null,
              timeButton(q.start, { label: "quote" }),
            ),
          ),
        ),
      ),
    ),
  );
}

function questions(items) {
  if (!items?.length) return null;
  return section(
    "questions",
    "Questions answered",
    h(
      "div",
      { class: "questions" },
      items.map((q) => {
        const at = q.answerStart ?? q.start;
        return h(
          "details",
          {},
          h("summary", {}, q.question, q.askedBy ? h("span", { class: "who" }, ` — ${q.askedBy}`) : null),
          h(
            "div",
            { class: "answer" },
            h("p", {}, q.answer),
            h(
              "p",
              { class: "from" },
              q.answeredBy ? h("span", { class: "who" }, q.answeredBy) : null,
              timeButton(at, { label: "answer" }),
            ),
          ),
        );
      }),
    ),
  );
}

function chapters(items) {
  if (!items?.length) return null;
  return section(
    "chapters",
    "Chapters",
    h(
      "ol",
      { class: "chapters", style: `--time-ch: ${Math.max(...items.map((c) => clock(c.start).length))}` },
      items.map((c) => h("li", {}, timeButton(c.start, { label: c.title }), h("span", {}, c.title))),
    ),
  );
}

function topics(keywords) {
  if (!keywords?.length) return null;
  return section(
    "keywords",
    "Topics",
    h(
      "ul",
      { class: "topics" },
      keywords.slice(0, 16).map((k) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "chip", "data-search": k.term, title: `Find “${k.term}” in the transcript` },
            k.term,
          ),
        ),
      ),
    ),
  );
}

function description(html) {
  if (!html) return null;
  // Parsed inertly (no scripts run, nothing loads) just to read its text.
  const doc = new DOMParser().parseFromString(String(html), "text/html");
  const text = doc.body.textContent.replace(/\s+/g, " ").trim();
  if (!text) return null;
  return h("details", { class: "about" }, h("summary", {}, "About this episode"), h("p", {}, text));
}
