// Moves unsynced records between phones as a file: export writes the
// outbox to a JSON file; import puts a file's records into this phone's
// outbox. Ids travel with the records, so importing twice, or on a phone
// that already sent them, stores nothing twice.
import { queue, waiting } from "./field-db.js";
import { currentOwner } from "./field-sync.js";

const FORMAT = "mingbai-outbox";

// exportOutbox saves the resident's waiting records to a file and
// returns how many.
export async function exportOutbox() {
  const items = await waiting(await currentOwner());
  const file = { format: FORMAT, schema: 1, exported_at: new Date().toISOString(), records: items.map((i) => i.record) };
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = "mingbai-" + new Date().toISOString().slice(0, 10) + ".json";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return items.length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// importOutbox reads an exported file into the outbox and returns how
// many records it holds; a file that is not one throws.
export async function importOutbox(file) {
  const parsed = JSON.parse(await file.text());
  if (!parsed || parsed.format !== FORMAT || !Array.isArray(parsed.records)) throw new Error("not an outbox file");
  const records = parsed.records.filter((r) => r && UUID.test(r.id) && typeof r.kind === "string" && r.fields);
  await queue(records, await currentOwner());
  return records.length;
}

// wireTransfer connects the section's export button and import input;
// after an import, onChange runs (to show and sync the outbox).
export function wireTransfer(section, onChange) {
  const status = section.querySelector(".transfer-status");
  section.querySelector(".export").addEventListener("click", async () => {
    const n = await exportOutbox();
    status.textContent = section.dataset.exported.replace("{n}", n);
  });
  const input = section.querySelector(".import input");
  input.addEventListener("change", async () => {
    if (!input.files.length) return;
    try {
      const n = await importOutbox(input.files[0]);
      status.textContent = section.dataset.imported.replace("{n}", n);
      onChange();
    } catch {
      status.textContent = section.dataset.importFailed;
    }
    input.value = "";
  });
}
