// Registers this phone as a device of the signed-in resident, so it can
// sync later with a bearer token kept in IndexedDB, and shows whether it
// is registered. Without this script the page says the phone needs
// JavaScript; every string comes from the status element's data-*
// attributes.
import { getMeta, setMeta } from "./field-db.js";

// DEVICE is where the registration {id, token, user} is kept. IndexedDB,
// written durably, not localStorage: Chromium writes localStorage to disk
// seconds later, and a browser killed meanwhile forgot the phone was
// registered, so records made offline afterwards were not kept.
const DEVICE = "device";
// LEGACY_KEY is where phones kept it before, in localStorage.
const LEGACY_KEY = "mingbai.device";

const SYSTEMS = [["HarmonyOS", /HarmonyOS/], ["Android", /Android/], ["iPhone", /iPhone/], ["iPad", /iPad/],
  ["Windows", /Windows/], ["Mac", /Macintosh/], ["Linux", /Linux/]];
const BROWSERS = [["WeChat", /MicroMessenger/], ["Edge", /Edg\//], ["Firefox", /Firefox\//], ["Chrome", /Chrome\//],
  ["Safari", /Safari\//]];

// deviceName is a label the office tells a resident's phones apart by:
// system and browser from the user agent (product names, not translated),
// or the page's word for a phone.
export function deviceName(userAgent, fallback) {
  const found = [SYSTEMS, BROWSERS].map((list) => list.find(([, re]) => re.test(userAgent))).filter(Boolean);
  return (found.length ? found.map(([name]) => name).join(" · ") : fallback).slice(0, 80);
}

// loadDevice returns the stored {id, token, user}, or null. A phone
// registered before keeps its registration: it moves from localStorage,
// without the user, which the first check adds (showDevice, sync).
export async function loadDevice() {
  const d = await getMeta(DEVICE);
  if (d && d.id && d.token) return d;
  try {
    const legacy = JSON.parse(window.localStorage.getItem(LEGACY_KEY));
    if (legacy && legacy.id && legacy.token) {
      await saveDevice({ id: legacy.id, token: legacy.token });
      window.localStorage.removeItem(LEGACY_KEY);
      return legacy;
    }
  } catch {
    // storage switched off, or not JSON
  }
  return null;
}

// saveDevice keeps this phone's registration; null forgets it.
export async function saveDevice(device) {
  await setMeta(DEVICE, device || undefined);
}

// checkDevice asks the server whose token this is: "ok" with the answer,
// "rejected" (revoked, or the account deactivated), or "offline" (no
// answer: the token is kept, it may well still work).
export async function checkDevice(device) {
  let res;
  try {
    res = await fetch("/api/v1/me", { headers: { Authorization: "Bearer " + device.token }, cache: "no-store" });
  } catch {
    return { state: "offline" };
  }
  if (res.status === 401 || res.status === 403) return { state: "rejected" };
  if (!res.ok) return { state: "offline" };
  return { state: "ok", me: await res.json() };
}

// registerDevice registers this phone for the signed-in resident and
// returns {id, token, name}; the token is never shown again.
export async function registerDevice(csrf, name) {
  const res = await fetch("/api/v1/devices", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error("register device: " + res.status);
  const body = await res.json();
  return { id: body.device.id, token: body.token, name: body.device.name };
}

// showDevice makes sure this phone holds a working token of the resident
// signed in on the page (el carries their id), registering it when it
// holds none, a revoked one, or another resident's, and says which.
export async function showDevice(el, nameEl) {
  const say = (key) => {
    el.textContent = el.dataset[key];
    el.dataset.state = key;
  };
  const showName = (name) => {
    if (!nameEl) return;
    nameEl.textContent = name;
    nameEl.hidden = false;
  };
  if (!("indexedDB" in window) || !("fetch" in window)) return say("unsupported");
  say("checking");
  let stored;
  try {
    stored = await loadDevice();
  } catch {
    return say("unsupported"); // IndexedDB switched off: nothing could be kept offline
  }
  if (stored) {
    const { state, me } = await checkDevice(stored);
    if (state === "offline") return say("offline");
    if (state === "ok" && me.user.id === el.dataset.user) {
      if (!stored.user) await saveDevice({ ...stored, user: me.user.id });
      say("registered");
      return showName(me.device.name);
    }
    // Revoked, or another resident's: that resident's records stay on the
    // phone, theirs, and go up when they sign in here again.
    await saveDevice(null);
  }
  say("registering");
  let device;
  try {
    device = await registerDevice(el.dataset.csrf, deviceName(navigator.userAgent, el.dataset.defaultName));
  } catch {
    return say("failed");
  }
  try {
    await saveDevice({ id: device.id, token: device.token, user: el.dataset.user });
  } catch {
    return say("failed");
  }
  say("registered");
  showName(device.name);
  document.dispatchEvent(new CustomEvent("mingbai:device-ready"));
}

const status = document.querySelector(".device-status");
if (status) showDevice(status, document.querySelector(".device-name"));
