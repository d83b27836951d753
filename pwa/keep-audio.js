// Offers, on a leaflet page with audio, to keep the audio on this phone
// for listening offline. The service worker then answers the player from
// the kept copy, ranges included, so seeking works offline too. Strings
// come from the button's data-* attributes.
const MEDIA = "media";

export async function setUpKeepAudio(button) {
  if (!("caches" in window) || !("serviceWorker" in navigator)) return;
  const status = button.parentElement.querySelector(".keep-audio-status");
  const src = button.dataset.src;
  const cache = await caches.open(MEDIA);
  if (await cache.match(src)) {
    status.textContent = button.dataset.kept;
    return;
  }
  button.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = button.dataset.keeping;
    try {
      await cache.add(src);
      button.hidden = true;
      status.textContent = button.dataset.kept;
    } catch {
      button.disabled = false;
      status.textContent = button.dataset.failed;
    }
  });
}

for (const button of document.querySelectorAll(".keep-audio")) setUpKeepAudio(button);
