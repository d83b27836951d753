// The resident's list of records: what waits on this phone above what
// the server holds, with sync, export and import.
import { startSync } from "./field-sync.js";
import { wireTransfer } from "./field-transfer.js";
import "./field-signout.js";

const section = document.querySelector(".outbox");
if (section && "indexedDB" in window) {
  const run = startSync(section, { reloadOnChange: navigator.onLine });
  wireTransfer(section, run);
}
