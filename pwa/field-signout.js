// Signing out of a phone: the resident's pages leave the phone and so
// does its registration, so the next person on a shared phone sees
// nothing of theirs offline. Records still waiting are never dropped: the
// resident is warned first and can send them or save them to a file; if
// they sign out anyway the records stay on the phone, theirs, and go up
// when they sign in here again.
import { loadDevice, saveDevice } from "./device.js";
import { waiting } from "./field-db.js";
import { currentOwner, stateMessage, sync } from "./field-sync.js";
import { exportOutbox } from "./field-transfer.js";

// signOut forgets this phone's pages and registration, then posts the
// form, naming the device so the server ends its token too.
async function signOut(form) {
  const device = await loadDevice().catch(() => null);
  if (device) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "device";
    input.value = device.id;
    form.append(input);
  }
  if ("caches" in window) await caches.delete("field").catch(() => {});
  await saveDevice(null).catch(() => {});
  HTMLFormElement.prototype.submit.call(form);
}

export function wireSignOut(form, warning) {
  const count = warning.querySelector(".signout-count");
  const status = warning.querySelector(".signout-status");
  const waitingNow = async () => (await waiting(await currentOwner())).length;
  const show = (n) => {
    count.textContent = warning.dataset.count.replace("{n}", n);
    warning.hidden = false;
    warning.querySelector(".signout-send").focus();
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const n = await waitingNow().catch(() => 0);
    if (n === 0) return signOut(form);
    show(n);
  });
  warning.querySelector(".signout-send").addEventListener("click", async () => {
    status.textContent = "";
    const outcome = await sync().catch(() => ({ state: "failed" }));
    const n = await waitingNow();
    if (n === 0) {
      status.textContent = warning.dataset.sent;
      return signOut(form);
    }
    show(n);
    status.textContent = stateMessage(document.querySelector(".outbox"), outcome.state);
  });
  warning.querySelector(".signout-export").addEventListener("click", async () => {
    const n = await exportOutbox();
    status.textContent = warning.dataset.exported.replace("{n}", n);
  });
  warning.querySelector(".signout-anyway").addEventListener("click", () => signOut(form));
  warning.querySelector(".signout-stay").addEventListener("click", () => {
    warning.hidden = true;
  });
}

const form = document.querySelector("form.account");
const warning = document.querySelector(".signout-warning");
if (form && warning && "indexedDB" in window) wireSignOut(form, warning);
