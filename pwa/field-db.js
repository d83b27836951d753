// The phone's own store of field work, in IndexedDB: the outbox of
// records, this phone's registration and small facts such as the sync
// cursor. Each record belongs to the resident who made it: on a phone two
// residents share, each sees and sends only their own. A record the server
// has acknowledged stays, marked sent, for a while (data-keep-sent-days),
// so it can be sent again if the server's database is restored from a
// backup older than it.
const DB_NAME = "mingbai-field";
const DB_VERSION = 1;

// Writes wait until they are on disk: a record saved, or a phone just
// registered, must survive the browser being killed a moment later.
const STRICT = { durability: "strict" };

let opening = null;

// openDB opens (creating on first use) the database.
export function openDB() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        // Outbox items are {record, owner, queuedAt, error?, sentAt?};
        // keyed by record id, so putting the same record twice (an
        // import, say) keeps one.
        const outbox = db.createObjectStore("outbox", { keyPath: "record.id" });
        outbox.createIndex("queuedAt", "queuedAt");
        db.createObjectStore("meta");
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return opening;
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

function result(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// queue puts owner's records in the outbox (again: the same id stays one
// item, waiting again).
export async function queue(records, owner) {
  const db = await openDB();
  const tx = db.transaction("outbox", "readwrite", STRICT);
  const store = tx.objectStore("outbox");
  const now = Date.now();
  for (const [i, record] of records.entries()) {
    const old = await result(store.get(record.id));
    store.put({ record, owner, queuedAt: old ? old.queuedAt : now + i / 1000 });
  }
  await done(tx);
}

// mine is whether an item belongs to owner. Items kept before records had
// owners belong to whoever sends first, as they always did.
const mine = (item, owner) => item.owner === owner || item.owner === undefined;

// all lists owner's items, oldest first: the order records were made in,
// so a correction never goes before the record it corrects.
async function all(owner) {
  const db = await openDB();
  const tx = db.transaction("outbox");
  const items = await result(tx.objectStore("outbox").index("queuedAt").getAll());
  return items.filter((item) => mine(item, owner));
}

// waiting lists owner's records not yet acknowledged, oldest first.
export async function waiting(owner) {
  return (await all(owner)).filter((item) => !item.sentAt);
}

// settle marks acknowledged records sent (and owned by owner) and marks
// refused ones with why.
export async function settle(acknowledged, refused, owner) {
  const db = await openDB();
  const tx = db.transaction("outbox", "readwrite", STRICT);
  const store = tx.objectStore("outbox");
  const now = Date.now();
  for (const id of acknowledged) {
    const item = await result(store.get(id));
    if (item) store.put({ record: item.record, owner, queuedAt: item.queuedAt, sentAt: now });
  }
  for (const [id, error] of refused) {
    const item = await result(store.get(id));
    if (item) store.put({ ...item, owner, error });
  }
  await done(tx);
}

// everyItem runs change(item, store) on every item of the outbox in one
// durable transaction.
async function everyItem(change) {
  const db = await openDB();
  const tx = db.transaction("outbox", "readwrite", STRICT);
  const store = tx.objectStore("outbox");
  for (const item of await result(store.getAll())) change(item, store);
  await done(tx);
}

// resend marks every record of owner kept as sent waiting again: the
// server's database was restored and may not hold them.
export function resend(owner) {
  return everyItem((item, store) => {
    if (mine(item, owner) && item.sentAt) store.put({ record: item.record, owner, queuedAt: item.queuedAt });
  });
}

// forgetSent drops records acknowledged before the given time.
export function forgetSent(before) {
  return everyItem((item, store) => {
    if (item.sentAt && item.sentAt < before) store.delete(item.record.id);
  });
}

// discard drops one record from the outbox, at the resident's request.
export async function discard(id) {
  const db = await openDB();
  const tx = db.transaction("outbox", "readwrite", STRICT);
  tx.objectStore("outbox").delete(id);
  await done(tx);
}

export async function getMeta(key) {
  const db = await openDB();
  return result(db.transaction("meta").objectStore("meta").get(key));
}

// setMeta stores value under key; undefined deletes the key.
export async function setMeta(key, value) {
  const db = await openDB();
  const tx = db.transaction("meta", "readwrite", STRICT);
  if (value === undefined) tx.objectStore("meta").delete(key);
  else tx.objectStore("meta").put(value, key);
  await done(tx);
}
