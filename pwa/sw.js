// Mingbai's service worker: small and boring on purpose.
// - precaches the shell (styles, scripts, icons, the offline page);
// - keeps every leaflet a reader opens, so it reads offline later;
// - static files are content-hashed: cache first;
// - pages: network first, then the saved copy, then the offline page;
// - audio a reader kept (keep-audio.js) plays from the phone, seeking too.
// The server fills VERSION (a hash of every asset) and PRECACHE.
const VERSION = "__VERSION__";
const PRECACHE = ["__PRECACHE__"];
const SHELL = "shell-" + VERSION;
// Saved leaflets outlive a new version: readers keep what they saved.
const LEAFLETS = "leaflets";
// Kept audio, like saved leaflets, outlives a new version.
const MEDIA = "media";
// A resident's field pages (forms, the list), kept to record offline.
const FIELD = "field";
const FIELD_PATH = /^\/(bo|zh|en)\/field(\/[a-z_]+)*$/;
const LEAFLET_PATH = /^\/(bo|zh|en)\/m\/[a-z0-9-]+$/;
const QR_PATH = /^\/qr\/(bo|zh|en)\/m\/[a-z0-9-]+\.svg$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => ![SHELL, LEAFLETS, MEDIA, FIELD].includes(k)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFirst(req, url));
  } else if (url.pathname.startsWith("/media/")) {
    event.respondWith(keptMedia(req));
  } else if (LEAFLET_PATH.test(url.pathname) || QR_PATH.test(url.pathname)) {
    event.respondWith(networkThenSaved(event, url, LEAFLETS));
  } else if (FIELD_PATH.test(url.pathname)) {
    // A form filled from a record (?supersedes=) is not the form to keep.
    event.respondWith(networkThenSaved(event, url, url.search ? null : FIELD));
  } else if (req.mode === "navigate") {
    event.respondWith(networkThenSaved(event, url, null));
  }
});

// staticFirst serves a hashed file from the cache. A leaflet saved under
// an older version names older files: offline, it gets today's file of the
// same name (style.<old>.css → style.<new>.css) rather than no style.
async function staticFirst(req, url) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(req);
  if (hit) return hit;
  try {
    const res = await fetch(req);
    if (res.ok) cache.put(req, res.clone());
    return res;
  } catch (err) {
    const stem = url.pathname.replace(/\.[0-9a-f]{10}\.(\w+)$/, ".");
    for (const key of await cache.keys()) {
      if (new URL(key.url).pathname.startsWith(stem)) return cache.match(key);
    }
    throw err;
  }
}

// networkThenSaved fetches a page and, with a cache name (keep), saves it
// there on success. Offline, it answers from the saved copy (a field page
// with a query from its plain copy) or with the offline page. The copy is
// saved while the page streams to the reader, not before.
async function networkThenSaved(event, url, keep) {
  const req = event.request;
  try {
    const res = await fetch(req);
    // A leaflet page marked no-store is a thank-you meant for one reader,
    // not a leaflet to keep. (Field pages are no-store, as every signed-in
    // page is, and are kept on purpose.)
    const oneReaders = keep === LEAFLETS && /no-store/.test(res.headers.get("Cache-Control") || "");
    if (keep && res.ok && !res.redirected && !oneReaders) {
      const copy = res.clone();
      event.waitUntil(caches.open(keep).then((c) => c.put(url.pathname + url.search, copy)));
    }
    return res;
  } catch (err) {
    const saved = (await caches.match(url.pathname + url.search, { ignoreVary: true })) ||
      (FIELD_PATH.test(url.pathname) && (await caches.match(url.pathname, { cacheName: FIELD })));
    if (saved) return saved;
    if (req.mode !== "navigate") throw err;
    const lang = (url.pathname.match(/^\/(bo|zh|en)\//) || [, "zh"])[1];
    return (await caches.match("/" + lang + "/offline")) || Response.error();
  }
}

// keptMedia answers from audio kept on the phone, and otherwise from the
// network (players stream with ranges, which the Cache API cannot store,
// so nothing is kept without the reader asking). Players seek with Range
// requests: a kept file answers them with the slice asked for.
async function keptMedia(req) {
  const kept = await caches.match(req.url, { cacheName: MEDIA });
  if (!kept) return fetch(req);
  const range = req.headers.get("range");
  if (!range) return kept;
  const blob = await kept.blob();
  const size = blob.size;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = -1;
  let end = size - 1;
  if (m && m[1] !== "") {
    start = Number(m[1]);
    if (m[2] !== "") end = Math.min(Number(m[2]), size - 1);
  } else if (m && m[2] !== "") {
    start = Math.max(0, size - Number(m[2])); // the last N bytes
  }
  if (start < 0 || start >= size || start > end) {
    return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": kept.headers.get("Content-Type") || "application/octet-stream",
      "Content-Range": "bytes " + start + "-" + end + "/" + size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}
