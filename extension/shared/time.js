// Times are seconds (floats) on the wire; these turn them into text for people and for caption files.

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** Whole seconds, never negative or NaN. */
function wholeSeconds(seconds) {
  const s = Number(seconds);
  return Number.isFinite(s) && s > 0 ? Math.floor(s) : 0;
}

/** `m:ss`, or `h:mm:ss` from one hour on: the form used on screen and in text exports. */
export function clock(seconds) {
  const total = wholeSeconds(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Spoken form for screen readers: "1 hour 2 minutes 5 seconds". */
export function clockLabel(seconds) {
  const total = wholeSeconds(seconds);
  const parts = [];
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) parts.push(`${h} hour${h === 1 ? "" : "s"}`);
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (s || !parts.length) parts.push(`${s} second${s === 1 ? "" : "s"}`);
  return parts.join(" ");
}

/** `HH:MM:SS.mmm` (VTT) or `HH:MM:SS,mmm` (SRT). */
export function stamp(seconds, separator = ".") {
  const ms = Math.max(0, Math.round((Number(seconds) || 0) * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** A duration in words: "45 s", "40 min", "1 h 12 min". */
export function durationText(seconds) {
  const total = wholeSeconds(seconds);
  if (!total) return "";
  if (total < 60) return `${total} s`;
  const minutes = Math.round(total / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** The date part of an ISO timestamp ("2026-11-03"), locale-free for files. */
export function isoDate(value) {
  if (!value) return "";
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(String(value));
  if (match) return match[1];
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10);
}

/** A date for people, in the chosen language ("Nov 3, 2026"). */
export function dateText(value, language) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  try {
    return new Intl.DateTimeFormat(language || undefined, { dateStyle: "medium", timeZone: "UTC" }).format(date);
  } catch {
    return isoDate(value);
  }
}

/** A wall-clock time for "try again at …" messages. */
export function timeOfDay(epochMs, language) {
  try {
    return new Intl.DateTimeFormat(language || undefined, { timeStyle: "medium" }).format(new Date(epochMs));
  } catch {
    return new Date(epochMs).toLocaleTimeString();
  }
}
