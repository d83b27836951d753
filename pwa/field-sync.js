// Sends the outbox to the server and pulls what changed, then says so on
// the page. Sync runs when a field page opens, when the network returns,
// and when the resident presses "sync now". Retrying is always safe: the
// server answers a record it already holds as a duplicate.
import { checkDevice, loadDevice, saveDevice } from "./device.js";
import { discard, forgetSent, getMeta, resend, setMeta, settle, waiting } from "./field-db.js";

const SCHEMA = 1;
// A batch is at most BATCH records and about BATCH_BYTES of JSON (a record
// bigger than that goes alone): on GPRS, at 2 KB/s, 64 KiB take half a
// minute, well inside what the server waits for a request, and a batch
// never reaches the server's 2 MiB cap however big the waiting records.
const BATCH = 100;
const BATCH_BYTES = 64 * 1024;

// batches splits the waiting items into batches by count and by bytes.
// A record over maxRecord bytes can never be sent: it goes in tooBig
// instead, for the resident to see why.
export function batches(items, maxRecord = Infinity) {
  const out = [];
  const tooBig = [];
  let batch = [];
  let bytes = 0;
  for (const item of items) {
    const size = new TextEncoder().encode(JSON.stringify(item.record)).length;
    if (size > maxRecord) {
      tooBig.push(item.record.id);
      continue;
    }
    if (batch.length && (batch.length === BATCH || bytes + size > BATCH_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item.record);
    bytes += size;
  }
  if (batch.length) out.push(batch);
  out.tooBig = tooBig;
  return out;
}

let running = null;
let queued = null;

// sync runs one sync at a time. A call while one runs gets one more run
// after it (records queued meanwhile, an import say, are sent then), and
// calls while that waits share it. It returns {state, sent, pulled}: state
// is "done", "no-device", "offline", "signed-out" (the phone's token no
// longer works), "outdated", "full" (the server's storage) or "failed".
export function sync() {
  if (!running) {
    running = syncOnce().finally(() => (running = null));
    return running;
  }
  if (!queued) {
    const next = () => {
      queued = null;
      return sync();
    };
    queued = running.then(next, next);
  }
  return queued;
}

// The outbox section carries the server's limits and messages.
const section = () => document.querySelector(".outbox");

async function syncOnce() {
  let device = null;
  try {
    device = await loadDevice();
  } catch {
    // IndexedDB switched off
  }
  if (!device) return { state: "no-device", sent: 0, pulled: 0 };
  if (!device.user) {
    // Registered before records had owners: ask whose phone this is.
    const { state, me } = await checkDevice(device);
    if (state !== "ok") return { state: state === "rejected" ? "signed-out" : "offline", sent: 0, pulled: 0 };
    device = { ...device, user: me.user.id };
    await saveDevice(device);
  }
  const owner = device.user;
  const auth = { Authorization: "Bearer " + device.token };
  const limits = section() ? section().dataset : {};
  if (limits.keepSentDays) await forgetSent(Date.now() - Number(limits.keepSentDays) * DAY_MS);
  let sent = 0;
  let pulled = 0;
  // A second round runs when the server turns out to be a restored
  // database: everything kept is sent again and pulled from the start.
  for (let round = 0; round < 2; round++) {
    const push = await pushWaiting(owner, auth, limits);
    sent += push.sent;
    if (push.state) return { state: push.state, sent, pulled };
    if (push.restored) continue;
    const pull = await pullChanges(owner, auth);
    pulled += pull.pulled;
    if (pull.state) return { state: pull.state, sent, pulled };
    if (!pull.restored) break;
  }
  await setMeta("lastSync", Date.now());
  return { state: "done", sent, pulled };
}

const DAY_MS = 24 * 60 * 60 * 1000;

// sameDatabase compares the server's database with the one owner last
// synced with. A different one was restored from a backup: it may lack
// records acknowledged since, and its changes are numbered anew, so the
// owner's kept records wait to go again and the cursor starts over.
async function sameDatabase(owner, database) {
  if (!database) return true; // a server from before databases had names
  const key = "database:" + owner;
  const known = await getMeta(key);
  if (known === database) return true;
  await setMeta(key, database);
  if (known === undefined) return true;
  await resend(owner);
  await setMeta("cursor:" + owner, 0);
  return false;
}

// pushWaiting sends owner's waiting records in batches: {sent, state?,
// restored?}.
async function pushWaiting(owner, auth, limits) {
  let sent = 0;
  const split = batches(await waiting(owner), Number(limits.maxRecordBytes) || Infinity);
  if (split.tooBig.length) {
    await settle([], split.tooBig.map((id) => [id, { status: "too_big", message: limits.tooBig || "" }]), owner);
  }
  for (const batch of split) {
    const res = await call("/api/v1/sync/push", {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ schema: SCHEMA, records: batch }),
    });
    if (res.state) return { sent, state: res.state };
    const restored = !(await sameDatabase(owner, res.body.database));
    const acknowledged = [];
    const refused = [];
    for (const r of res.body.results) {
      if (r.status === "applied" || r.status === "duplicate") acknowledged.push(r.id);
      else refused.push([r.id, { status: r.status, message: r.error ? r.error.message : "" }]);
    }
    await settle(acknowledged, refused, owner);
    sent += acknowledged.length;
    if (restored) return { sent, restored };
  }
  return { sent };
}

// pullChanges pulls what changed for owner since their cursor: {pulled,
// state?, restored?}.
async function pullChanges(owner, auth) {
  const key = "cursor:" + owner;
  let cursor = (await getMeta(key)) || 0;
  const firstPull = cursor === 0; // everything is new: nothing kept is stale
  let pulled = 0;
  const leaflets = new Map(); // slug: still published?
  for (;;) {
    const res = await call("/api/v1/sync/pull?cursor=" + cursor, { headers: auth });
    if (res.state) return { pulled, state: res.state };
    if (!(await sameDatabase(owner, res.body.database))) return { pulled, restored: true };
    pulled += res.body.changes.length;
    for (const c of res.body.changes) {
      if (c.type === "material") leaflets.set(c.material.slug, true);
      if (c.type === "material_withdrawn") leaflets.set(c.slug, false);
    }
    cursor = res.body.next_cursor;
    await setMeta(key, cursor);
    if (!res.body.more) break;
  }
  if (!firstPull && leaflets.size) await refreshKept(leaflets).catch(() => {});
  return { pulled };
}

// refreshKept brings leaflets kept on the phone up to date: a corrected
// leaflet is fetched again, a withdrawn one is dropped, so nobody shows a
// villager a text the office has taken back.
async function refreshKept(leaflets) {
  if (!("caches" in window)) return;
  const cache = await caches.open("leaflets");
  for (const req of await cache.keys()) {
    const m = new URL(req.url).pathname.match(/^\/(?:bo|zh|en)\/m\/([a-z0-9-]+)$/);
    if (!m || !leaflets.has(m[1])) continue;
    // A refresh is no reading: "Purpose: prefetch" keeps it out of the counts.
    if (leaflets.get(m[1])) await cache.add(new Request(req.url, { headers: { Purpose: "prefetch" } }));
    else await cache.delete(req);
  }
}

// call fetches JSON, or says why not: offline, signed-out, outdated, full, failed.
async function call(url, init) {
  let res;
  try {
    res = await fetch(url, { ...init, cache: "no-store", headers: { ...init.headers, "Accept-Language": document.documentElement.lang } });
  } catch {
    return { state: "offline" };
  }
  if (res.status === 401 || res.status === 403) return { state: "signed-out" };
  if (res.status === 426) return { state: "outdated" };
  if (res.status === 507) return { state: "full" }; // the server's disk: the records wait on the phone
  if (!res.ok) return { state: "failed" };
  return { body: await res.json() };
}

// currentOwner is the resident this phone is registered to: whose records
// the outbox shows, sends and exports.
export async function currentOwner() {
  const device = await loadDevice().catch(() => null);
  return device ? device.user : undefined;
}

// showOutbox fills the outbox section: the count of waiting records, each
// with what the server said of it if it refused it, and the sync button.
export async function showOutbox(section) {
  const d = section.dataset;
  const kindNames = JSON.parse(d.kinds || "{}"); // kind → its name in the page's language
  const items = await waiting(await currentOwner());
  const count = section.querySelector(".outbox-count");
  count.textContent = items.length ? d.count.replace("{n}", items.length) : d.none;
  section.dataset.waiting = String(items.length);
  const list = section.querySelector(".outbox-list");
  list.replaceChildren();
  for (const item of items) {
    const li = document.createElement("li");
    li.className = "record waiting";
    li.dataset.id = item.record.id;
    const head = document.createElement("p");
    const kind = item.record.kind;
    head.textContent = (kindNames[kind] || kind) +
      " · " + item.record.date + " · " + (item.error ? d.refused : d.waitingLabel);
    li.append(head);
    if (item.error) {
      // Refused records never go on their own: the resident corrects them
      // (a new record) and removes this one, or keeps it for the office
      // to see on the phone.
      const why = document.createElement("p");
      why.className = "review";
      why.textContent = item.error.message || d.refused;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = d.discard;
      remove.addEventListener("click", async () => {
        if (!confirm(d.discardConfirm)) return;
        await discard(item.record.id);
        await showOutbox(section);
      });
      li.append(why, remove);
    }
    list.append(li);
  }
  section.hidden = false;
}

// stateMessage is what the outbox section says of a sync's state
// ("signed-out": its data-state-signed-out).
export function stateMessage(section, state) {
  return (section && section.dataset["state" + state.replace(/-(\w)/g, (_, c) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase())]) || "";
}

// startSync wires the outbox section: sync now, on open, and when the
// network returns; the page reloads after a sync that changed something
// while online, so the server's list shows the new states.
export function startSync(section, { reloadOnChange = false } = {}) {
  const status = section.querySelector(".sync-status");
  const button = section.querySelector(".sync-now");
  const run = async () => {
    button.disabled = true;
    status.textContent = section.dataset.syncing;
    let outcome;
    try {
      outcome = await sync();
    } catch {
      outcome = { state: "failed" };
    }
    button.disabled = false;
    status.textContent = stateMessage(section, outcome.state);
    section.dataset.syncState = outcome.state;
    await showOutbox(section);
    if (reloadOnChange && outcome.state === "done" && (outcome.sent > 0 || outcome.pulled > 0)) location.reload();
  };
  button.addEventListener("click", run);
  window.addEventListener("online", run);
  // A phone registered just now (device.js) can sync at once.
  document.addEventListener("mingbai:device-ready", run);
  showOutbox(section).then(run);
  return run;
}
