// The phone's own store of field work, in IndexedDB: the outbox of
// records not yet acknowledged by the server, and small facts such as the
// sync cursor. A record leaves the outbox only when the server has said it
// holds it.
const DB_NAME = "mingbai-field";
const DB_VERSION = 1;

let opening = null;

// openDB opens (creating on first use) the database.
export function openDB() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        // Outbox items are {record, queuedAt, error?}; keyed by record id,
        // so putting the same record twice (an import, say) keeps one.
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

// queue puts records in the outbox (again: the same id stays one item).
export async function queue(records) {
  const db = await openDB();
  const tx = db.transaction("outbox", "readwrite");
  const store = tx.objectStore("outbox");
  const now = Date.now();
  for (const [i, record] of records.entries()) {
    const old = await result(store.get(record.id));
    store.put({ record, queuedAt: old ? old.queuedAt : now + i / 1000 });
  }
  await done(tx);
}

// waiting lists the outbox, oldest first: the order records were made in,
// so a correction never goes before the record it corrects.
export async function waiting() {
  const db = await openDB();
  const tx = db.transaction("outbox");
  return result(tx.objectStore("outbox").index("queuedAt").getAll());
}

// settle removes acknowledged records and marks refused ones with why.
export async function settle(acknowledged, refused) {
  const db = await openDB();
  const tx = db.transaction("outbox", "readwrite");
  const store = tx.objectStore("outbox");
  for (const id of acknowledged) store.delete(id);
  for (const [id, error] of refused) {
    const item = await result(store.get(id));
    if (item) store.put({ ...item, error });
  }
  await done(tx);
}

// discard drops one record from the outbox, at the resident's request.
export async function discard(id) {
  const db = await openDB();
  const tx = db.transaction("outbox", "readwrite");
  tx.objectStore("outbox").delete(id);
  await done(tx);
}

export async function getMeta(key) {
  const db = await openDB();
  return result(db.transaction("meta").objectStore("meta").get(key));
}

export async function setMeta(key, value) {
  const db = await openDB();
  const tx = db.transaction("meta", "readwrite");
  tx.objectStore("meta").put(value, key);
  await done(tx);
}
