// Registers this phone as a device of the signed-in resident, so it can
// sync later with a bearer token kept in localStorage, and shows whether it
// is registered. Without this script the page says the phone needs
// JavaScript; every string comes from the status element's data-*
// attributes.
export const STORAGE_KEY = "mingbai.device";

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

// loadDevice returns the stored {id, token}, or null.
export function loadDevice(storage) {
  try {
    const d = JSON.parse(storage.getItem(STORAGE_KEY));
    return d && d.id && d.token ? d : null;
  } catch {
    return null;
  }
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
  let storage;
  try {
    storage = window.localStorage;
  } catch {
    storage = null; // storage switched off: nothing could be kept offline
  }
  if (!storage || !("fetch" in window)) return say("unsupported");
  say("checking");
  const stored = loadDevice(storage);
  if (stored) {
    const { state, me } = await checkDevice(stored);
    if (state === "offline") return say("offline");
    if (state === "ok" && me.user.id === el.dataset.user) {
      say("registered");
      return showName(me.device.name);
    }
    storage.removeItem(STORAGE_KEY);
  }
  say("registering");
  let device;
  try {
    device = await registerDevice(el.dataset.csrf, deviceName(navigator.userAgent, el.dataset.defaultName));
  } catch {
    return say("failed");
  }
  storage.setItem(STORAGE_KEY, JSON.stringify({ id: device.id, token: device.token }));
  say("registered");
  showName(device.name);
  document.dispatchEvent(new CustomEvent("mingbai:device-ready"));
}

const status = document.querySelector(".device-status");
if (status) showDevice(status, document.querySelector(".device-name"));
