// Keeps a record made with a field form in the phone's outbox instead of
// posting it, so it is saved with or without a network, then syncs. The
// form's inputs are named like the record's fields; data-type says which
// are numbers. Without this script the form posts to the server.
import { queue } from "./field-db.js";
import { sync } from "./field-sync.js";
import { uuidv7 } from "./uuid.js";

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

export function keepOffline(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await queue([readRecord(form)]);
    } catch {
      button.disabled = false;
      form.querySelector(".form-status").textContent = form.dataset.failed;
      return;
    }
    // Saved on the phone: sync if the network allows, then show the list
    // (from the network, or the copy kept for offline use).
    await sync().catch(() => {});
    location.href = form.action;
  });
}

const form = document.querySelector("form.record-form");
if (form && "indexedDB" in window && window.localStorage && localStorage.getItem("mingbai.device")) keepOffline(form);
