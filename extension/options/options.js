// Options: server URL (+ its host permission), API key, language, gist sections, automatic badge.

import { createClient } from "../shared/api.js";
import { DEFAULT_SERVER, SECTIONS, loadOptions, normalizeServer, saveOptions } from "../shared/storage.js";

const $ = (id) => document.getElementById(id);
const form = $("form");
const status = $("status");

// Servers the manifest already allows (loopback, any port): no prompt needed for them.
const LOOPBACK = new Set(["127.0.0.1", "localhost"]);

function say(text, bad = false) {
  status.textContent = text;
  status.classList.toggle("bad", bad);
}

function fill(options) {
  $("server").value = options.server;
  $("apiKey").value = options.apiKey;
  $("language").value = options.language;
  $("autoCheck").checked = options.autoCheck;
  const box = $("sections");
  box.querySelectorAll("label").forEach((el) => el.remove());
  for (const [key, label] of SECTIONS) {
    const input = Object.assign(document.createElement("input"), {
      type: "checkbox",
      name: `section-${key}`,
      checked: options.sections[key] !== false,
    });
    const row = document.createElement("label");
    row.className = "check";
    row.append(input, ` ${label}`);
    box.append(row);
  }
}

function read() {
  const server = normalizeServer($("server").value);
  return {
    server,
    apiKey: $("apiKey").value.trim(),
    language: $("language").value,
    autoCheck: $("autoCheck").checked,
    sections: Object.fromEntries(SECTIONS.map(([key]) => [key, form.elements[`section-${key}`].checked])),
  };
}

/** Ask for what the chosen settings need. Must run synchronously inside the click (a user gesture). */
function requestPermissions(options) {
  const wanted = { permissions: [], origins: [] };
  if (!LOOPBACK.has(new URL(options.server).hostname)) wanted.origins.push(`${new URL(options.server).origin}/*`);
  if (options.autoCheck) wanted.permissions.push("tabs");
  if (!wanted.permissions.length && !wanted.origins.length) return Promise.resolve(true);
  return chrome.permissions.request(wanted);
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const options = read();
  const serverInput = $("server");
  if (!options.server) {
    serverInput.setAttribute("aria-invalid", "true");
    serverInput.focus();
    say("Enter an http:// or https:// address, e.g. " + DEFAULT_SERVER, true);
    return;
  }
  serverInput.removeAttribute("aria-invalid");
  let granted;
  try {
    granted = await requestPermissions(options);
  } catch (err) {
    granted = false;
    console.warn("permission request failed", err);
  }
  if (!granted) {
    say(
      "Not saved: Podgist needs your permission to contact that server (and to read tab addresses for the badge).",
      true,
    );
    return;
  }
  if (!options.autoCheck) await chrome.permissions.remove({ permissions: ["tabs"] }).catch(() => {});
  await saveOptions(options);
  fill(await loadOptions());
  say("Saved.");
});

$("test").addEventListener("click", async () => {
  const options = read();
  if (!options.server) return say("Enter a server URL first.", true);
  const origin = `${new URL(options.server).origin}/*`;
  if (!(await chrome.permissions.contains({ origins: [origin] }))) {
    return say("Save first: Chrome will ask you to allow Podgist to contact this server.", true);
  }
  say(`Contacting ${options.server}…`);
  try {
    await createClient(options).health();
    say(`Connected to ${options.server}.`);
  } catch (err) {
    say(err.message || "The server could not be reached.", true);
  }
});

fill(await loadOptions());
