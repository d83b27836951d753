// The resident's start page: the outbox with sync, the storage the phone
// keeps for Mingbai, the library kept offline, and the field pages kept
// for use without signal.
import { startSync } from "./field-sync.js";
import { wireTransfer } from "./field-transfer.js";
import { wireLibrary } from "./field-library.js";
import "./field-signout.js";

// keepFieldPages stores the forms and the list for offline use.
async function keepFieldPages(links) {
  if (!("caches" in window)) return;
  const cache = await caches.open("field");
  await Promise.all(links.map(async (u) => {
    try {
      const res = await fetch(u, { credentials: "same-origin" });
      if (res.ok && !res.redirected) await cache.put(u, res);
    } catch {
      // offline: the copy kept last time stays
    }
  }));
}

// askPersistence asks the browser not to evict Mingbai's storage under
// pressure, and says whether it agreed.
async function askPersistence(el) {
  if (!el || !navigator.storage || !navigator.storage.persist) return;
  const granted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  el.textContent = granted ? el.dataset.persistent : el.dataset.notPersistent;
  el.hidden = false;
}

const section = document.querySelector(".outbox");
if (section && "indexedDB" in window) {
  const run = startSync(section);
  wireTransfer(section, run);
}
const library = document.querySelector(".library");
if (library) wireLibrary(library);
askPersistence(document.querySelector(".persistence"));
keepFieldPages([...document.querySelectorAll("[data-keep-offline]")].map((a) => a.getAttribute("href")));
