// Keeps a record made with a field form in the phone's outbox instead of
// posting it, so it is saved with or without a network, then syncs. The
// form's inputs are named like the record's fields; data-type says which
// are numbers. Without this script the form posts to the server.
import { fitDate } from "./field-date.js";
import { loadDevice } from "./device.js";
import { queue } from "./field-db.js";
import { sync } from "./field-sync.js";
import { uuidv7 } from "./uuid.js";
import "./field-signout.js";

// SEND_WAIT_MS is how long a saved record waits for its first send before
// the form gives way to the list.
const SEND_WAIT_MS = 3000;

const ENVELOPE = new Set(["_csrf", "id", "kind", "date", "supersedes", "refers_to"]);

// readRecord turns the form into a record: a fresh id (the form's own id
// would repeat in a page kept offline), the phone's clock as data.
export function readRecord(form) {
  const data = new FormData(form);
  const fields = {};
  for (const el of form.elements) {
    if (!el.name || ENVELOPE.has(el.name) || el.type === "checkbox") continue;
    const value = el.value.trim();
    if (value === "") {
      if (el.required) fields[el.name] = value;
      continue;
    }
    fields[el.name] = el.dataset.type === "int" ? parseInt(value, 10) : el.dataset.type === "number" ? Number(value) : value;
  }
  for (const group of form.querySelectorAll("[data-type=list]")) {
    const values = data.getAll(group.dataset.name);
    if (values.length) fields[group.dataset.name] = values;
  }
  const record = { id: uuidv7(), kind: form.dataset.kind, date: data.get("date"), created_at: new Date().toISOString(), fields };
  for (const link of ["supersedes", "refers_to"]) {
    if (data.get(link)) record[link] = data.get(link);
  }
  return record;
}

// keepOffline saves the form's record in the outbox; date is the form's
// date input fitted to the phone's day (fitDate).
export function keepOffline(form, date, owner) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // The browser refuses a date outside the window before this runs
    // (see "invalid" below); this is for one that does not validate.
    date.check();
    if (!form.elements.date.checkValidity()) {
      form.querySelector(".form-status").textContent = date.message;
      form.elements.date.focus();
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await queue([readRecord(form)], owner);
    } catch {
      button.disabled = false;
      form.querySelector(".form-status").textContent = form.dataset.failed;
      return;
    }
    // Saved on the phone: say so at once (on 2G a push can hang for long,
    // and a resident who sees nothing types the record again), try to send
    // it for a few seconds, then show the list, which goes on syncing.
    form.querySelector(".form-status").textContent = form.dataset.saved;
    await Promise.race([sync().catch(() => {}), new Promise((done) => setTimeout(done, SEND_WAIT_MS))]);
    location.href = form.action;
  });
}

// fillFromLinks makes a form opened from the list's "correct" or
// "follow up" link the same offline as online. Offline the service worker
// serves the form's plain copy, without the link the server would have
// written in: the link comes from the address, and a correction's values
// from the record as the list kept on the phone shows it (data-fields).
export async function fillFromLinks(form, search = location.search) {
  const params = new URLSearchParams(search);
  const filled = { supersedes: !!form.elements.supersedes, refers_to: !!form.elements.refers_to };
  for (const link of ["supersedes", "refers_to"]) {
    const id = params.get(link);
    if (!id || filled[link]) continue;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = link;
    input.value = id;
    form.prepend(input);
  }
  const id = params.get("supersedes");
  if (!id || filled.supersedes) return;
  const old = await keptRecord(id);
  if (!old) return;
  const date = form.elements.date;
  date.removeAttribute("data-today");
  date.value = old.date;
  for (const [name, value] of Object.entries(old.fields)) {
    const group = form.querySelector(`[data-type=list][data-name="${name}"]`);
    if (group) {
      for (const box of group.querySelectorAll("input[type=checkbox]")) box.checked = value.includes(box.value);
    } else if (form.elements[name]) {
      form.elements[name].value = String(value);
    }
  }
}

// keptRecord finds a record in the list of records kept on the phone:
// {date, fields}, or null.
async function keptRecord(id) {
  if (!("caches" in window)) return null;
  const lang = location.pathname.split("/")[1];
  const res = await caches.match("/" + lang + "/field/records", { cacheName: "field" });
  if (!res) return null;
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  const li = [...doc.querySelectorAll(".server-records li[data-id]")].find((el) => el.dataset.id === id);
  if (!li || !li.dataset.fields) return null;
  return { date: li.dataset.date, fields: JSON.parse(li.dataset.fields) };
}

async function start(form) {
  await fillFromLinks(form).catch(() => {});
  // The phone's own day, whether the record goes to the outbox or posts.
  const date = fitDate(form.elements.date);
  // A refused date is explained on the page too, not only in the
  // browser's bubble, which some WebViews never show.
  form.elements.date.addEventListener("invalid", () => {
    form.querySelector(".form-status").textContent = form.elements.date.validationMessage || date.message;
  });
  // A registered phone keeps the record, for the resident it is
  // registered to; any other posts it to the server.
  if ("indexedDB" in window) {
    const device = await loadDevice().catch(() => null);
    if (device) keepOffline(form, date, device.user || form.dataset.user);
  }
}

const form = document.querySelector("form.record-form");
if (form) start(form);
