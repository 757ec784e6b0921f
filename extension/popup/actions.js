// Copy the transcript as Markdown, or download it as SRT/VTT/TXT/MD, all generated here from the segments.

import { FORMATS, fileName, toMarkdown } from "../shared/formats.js";

/** Copy the episode's Markdown transcript; returns the message to announce. */
export async function copyMarkdown(episode) {
  const text = toMarkdown(episode);
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older permission rules: fall back to a hidden textarea and the copy command.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) return "Copying failed; use a download instead.";
  }
  return "Transcript copied as Markdown.";
}

/** Save the transcript as `format` (srt, vtt, txt, md); returns the message to announce. */
export function download(episode, format) {
  const spec = FORMATS[format];
  if (!spec) return "";
  const blob = new Blob([spec.build(episode)], { type: `${spec.mime};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName(episode, format);
  link.className = "offscreen";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return `Downloading ${link.download}.`;
}
