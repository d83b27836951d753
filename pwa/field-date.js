// The record form's date, on the phone's own day. The page may have been
// kept offline for days, so the day and the window of allowed dates the
// server drew when it sent the page are redrawn around the phone's today
// each time the page runs; the server still checks its own window.
const pad = (n) => String(n).padStart(2, "0");

// isoDay writes a local date as YYYY-MM-DD.
export function isoDay(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// dayWindow is the window from back days before today to ahead days after.
export function dayWindow(today, back, ahead) {
  const at = (n) => new Date(today.getFullYear(), today.getMonth(), today.getDate() + n);
  return { from: isoDay(at(-back)), to: isoDay(at(ahead)) };
}

// fitDate moves the date input's window (and its default value, when the
// server only filled in its own today) to the phone's day, and explains a
// date outside it in the page's language before the form can be sent.
export function fitDate(input, today = new Date()) {
  const w = dayWindow(today, Number(input.dataset.daysBack), Number(input.dataset.daysAhead));
  input.min = w.from;
  input.max = w.to;
  if (input.hasAttribute("data-today")) input.value = isoDay(today);
  const message = input.dataset.range.replace("{from}", w.from).replace("{to}", w.to);
  const check = () => {
    const v = input.value;
    input.setCustomValidity(v && (v < w.from || v > w.to) ? message : "");
  };
  input.addEventListener("input", check);
  input.addEventListener("change", check);
  check();
  return { window: w, message, check };
}
