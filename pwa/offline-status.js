// Shows on a leaflet page whether it is saved for offline reading, and
// saves it if the service worker did not see it load (the very first
// visit, before the worker was active). Strings come from data-* attributes.
const LEAFLETS = "leaflets";

export async function showOfflineStatus(el) {
  if (!("caches" in window) || !("serviceWorker" in navigator)) {
    el.textContent = el.dataset.unsupported;
    el.hidden = false;
    return;
  }
  const url = location.pathname + location.search;
  const cache = await caches.open(LEAFLETS);
  let saved = await cache.match(url);
  if (!saved) {
    el.textContent = el.dataset.notSaved;
    el.hidden = false;
    await navigator.serviceWorker.ready;
    try {
      const qr = document.querySelector(".qr img");
      // The reader's open was counted when the page loaded; this second
      // fetch, to keep it, says "Purpose: prefetch" so it is not counted.
      const page = new Request(url, { headers: { Purpose: "prefetch" } });
      await cache.addAll(qr ? [page, qr.getAttribute("src")] : [page]);
      saved = true;
    } catch {
      return; // offline or the server refused: stay "not saved"
    }
  }
  el.textContent = el.dataset.saved;
  el.classList.add("saved");
  el.hidden = false;
}

const status = document.querySelector(".offline-status");
if (status) showOfflineStatus(status);
