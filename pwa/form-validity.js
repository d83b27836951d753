// The browser's own message for a field left empty or out of range is in
// the browser's language, which is never Tibetan. This gives each field
// the page's own message instead, from the locales (the data-* of
// #validity), naming the field by its label, and marks it aria-invalid
// until it is changed. Without JavaScript the server's check says the same.
const messages = document.getElementById("validity")?.dataset;

function labelOf(field) {
  const label = field.labels && field.labels[0];
  const text = label && label.firstChild && label.firstChild.textContent.trim();
  return text || field.name;
}

function messageFor(field) {
  const v = field.validity;
  if (v.valueMissing) return field.tagName === "SELECT" ? messages.choice : messages.missing;
  if (v.rangeUnderflow || v.rangeOverflow || v.stepMismatch || v.badInput) return messages.range;
  return messages.value;
}

// The fields whose message this module set; a field another script gave
// its own message (the record date's window, field-date.js) keeps it.
const ours = new WeakSet();

if (messages) {
  document.addEventListener("invalid", (event) => {
    const field = event.target;
    field.setAttribute("aria-invalid", "true");
    if (field.validity.customError && !ours.has(field)) return;
    field.setCustomValidity("");
    if (field.validity.valid) {
      ours.delete(field);
      field.removeAttribute("aria-invalid");
      return;
    }
    field.setCustomValidity(messageFor(field)
      .replace("{field}", labelOf(field)).replace("{min}", field.min).replace("{max}", field.max));
    ours.add(field);
  }, true);
  const clear = (event) => {
    const field = event.target;
    if (field.getAttribute && field.getAttribute("aria-invalid") === "true") {
      if (ours.has(field)) field.setCustomValidity("");
      ours.delete(field);
      field.removeAttribute("aria-invalid");
    }
  };
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
}
