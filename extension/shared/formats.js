// Transcript exports generated in the browser from the episode's segments: SRT, VTT, TXT and Markdown.

import { clock, isoDate, stamp } from "./time.js";

const SPEAKERLESS_TURN_S = 45; // without speakers, break the text into paragraphs of about this length

const oneLine = (text) => String(text ?? "").replace(/\s+/g, " ").trim();

/** Consecutive segments of one speaker joined into turns: [{speaker, start, end, text, segments}]. */
export function speakerTurns(segments) {
  const turns = [];
  for (const seg of segments || []) {
    const text = oneLine(seg.text);
    if (!text) continue;
    const speaker = seg.speaker || null;
    const last = turns[turns.length - 1];
    const sameTurn =
      last &&
      last.speaker === speaker &&
      (speaker !== null || seg.start - last.start < SPEAKERLESS_TURN_S);
    if (sameTurn) {
      last.text += ` ${text}`;
      last.end = Math.max(last.end, seg.end);
      last.segments.push(seg);
    } else {
      turns.push({ speaker, start: seg.start, end: seg.end, text, segments: [seg] });
    }
  }
  return turns;
}

/** Speaker names: the publisher's list when given, else everyone heard, in order of first appearance. */
export function speakerNames(episode) {
  const named = (episode.speakers || []).map((s) => s.name).filter(Boolean);
  if (named.length) return named;
  const heard = [];
  for (const seg of episode.transcript?.segments || []) {
    if (seg.speaker && !heard.includes(seg.speaker)) heard.push(seg.speaker);
  }
  return heard;
}

function byline(episode) {
  return [episode.show, isoDate(episode.published)].filter(Boolean).join(" · ");
}

/** Markdown: `# title`, show · date, `Speakers: …`, then one `**Name** (m:ss)` block per turn. */
export function toMarkdown(episode) {
  const blocks = [`# ${oneLine(episode.title) || "Untitled episode"}`];
  const by = byline(episode);
  if (by) blocks.push(by);
  const names = speakerNames(episode);
  if (names.length) blocks.push(`Speakers: ${names.join(", ")}`);
  for (const turn of speakerTurns(episode.transcript?.segments)) {
    const head = turn.speaker ? `**${turn.speaker}** (${clock(turn.start)})` : `(${clock(turn.start)})`;
    blocks.push(`${head}\n${turn.text}`);
  }
  return `${blocks.join("\n\n")}\n`;
}

/** Plain text: title, show · date, then `[m:ss] Name: text` paragraphs. */
export function toText(episode) {
  const blocks = [[oneLine(episode.title), byline(episode)].filter(Boolean).join("\n")];
  for (const turn of speakerTurns(episode.transcript?.segments)) {
    const who = turn.speaker ? `${turn.speaker}: ` : "";
    blocks.push(`[${clock(turn.start)}] ${who}${turn.text}`);
  }
  return `${blocks.join("\n\n")}\n`;
}

/** Cue end never before its start (some sources leave end unset or equal). */
const cueEnd = (seg) => Math.max(Number(seg.end) || 0, (Number(seg.start) || 0) + 0.001);

/** SubRip: numbered cues, comma milliseconds, the speaker as a `Name: ` prefix. */
export function toSrt(segments) {
  const cues = [];
  for (const seg of segments || []) {
    const text = oneLine(seg.text);
    if (!text) continue;
    const who = seg.speaker ? `${seg.speaker}: ` : "";
    cues.push(`${cues.length + 1}\n${stamp(seg.start, ",")} --> ${stamp(cueEnd(seg), ",")}\n${who}${text}`);
  }
  return cues.length ? `${cues.join("\n\n")}\n` : "";
}

const vttEscape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** WebVTT with `<v Speaker>` voice tags. */
export function toVtt(segments) {
  const cues = ["WEBVTT"];
  for (const seg of segments || []) {
    const text = oneLine(seg.text);
    if (!text) continue;
    const voice = seg.speaker ? `<v ${vttEscape(oneLine(seg.speaker))}>` : "";
    cues.push(`${stamp(seg.start)} --> ${stamp(cueEnd(seg))}\n${voice}${vttEscape(text)}`);
  }
  return `${cues.join("\n\n")}\n`;
}

export const FORMATS = {
  srt: { label: "SRT", mime: "application/x-subrip", build: (ep) => toSrt(ep.transcript?.segments) },
  vtt: { label: "VTT", mime: "text/vtt", build: (ep) => toVtt(ep.transcript?.segments) },
  txt: { label: "TXT", mime: "text/plain", build: toText },
  md: { label: "MD", mime: "text/markdown", build: toMarkdown },
};

/** A safe file name from the title: "episode-about-bread.srt". */
export function fileName(episode, ext) {
  const base = oneLine(episode.title)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return `${base || "transcript"}.${ext}`;
}
