// Lists, on the offline page, the leaflets saved on this phone, with their
// titles read from the saved pages themselves.
const LEAFLETS = "leaflets";
const LEAFLET_PATH = /^\/(bo|zh|en)\/m\/[a-z0-9-]+$/;

export async function listSaved(list) {
  if (!("caches" in window)) return;
  const cache = await caches.open(LEAFLETS);
  const items = [];
  for (const req of await cache.keys()) {
    const url = new URL(req.url);
    if (!LEAFLET_PATH.test(url.pathname)) continue;
    const res = await cache.match(req);
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const h1 = doc.querySelector("h1");
    items.push({ href: url.pathname + url.search, title: h1 ? h1.textContent : url.pathname, lang: h1 ? h1.closest("[lang]").lang : "" });
  }
  list.replaceChildren();
  if (items.length === 0) {
    const li = document.createElement("li");
    li.textContent = list.dataset.empty;
    list.append(li);
    return;
  }
  for (const item of items) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = item.href;
    a.textContent = item.title;
    if (item.lang) a.lang = item.lang;
    li.append(a);
    list.append(li);
  }
}

const list = document.querySelector(".saved-list");
if (list) listSaved(list);
