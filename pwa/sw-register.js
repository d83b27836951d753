// Registers the service worker that keeps opened leaflets for offline
// reading. Pages work without it; browsers without service workers (and
// readers without JavaScript) simply read online.
export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // A failed registration only loses offline reading; the page stays.
  });
}

registerServiceWorker();
