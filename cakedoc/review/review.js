// The review edition's only script (cakedoc/review/html.py): no network but
// its own server's /api/ under `make review-serve`, works from file://.
// - "Copy" puts a block's or page's `make review-accept …` command on the clipboard.
// - The filter shows the findings of the kinds ticked (and, if asked, only
//   the blocks that have one).
// - Under `make review-serve` (GET /api/status answers), "Sign off" posts
//   {page, block} to /api/accept, which writes the sidecar; the page reloads.
"use strict";

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // file:// in some browsers, or no clipboard API: the old way.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const done = document.execCommand("copy");
  area.remove();
  return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

function flash(button, text) {
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  button.textContent = text;
  setTimeout(() => { button.textContent = label; }, 1500);
}

function applyFilter(form) {
  const shown = new Set([...form.querySelectorAll('input[name="kind"]:checked')].map((box) => box.value));
  const only = form.querySelector('input[name="only"]').checked;
  for (const item of document.querySelectorAll("main li[data-kind]")) {
    item.hidden = !shown.has(item.dataset.kind);
  }
  for (const pair of document.querySelectorAll("main section.pair")) {
    const visible = pair.querySelector("li[data-kind]:not([hidden])");
    pair.hidden = only && !visible;
  }
}

async function signOff(button) {
  const body = { page: button.dataset.page };
  if (button.dataset.block) body.block = Number(button.dataset.block);
  button.disabled = true;
  try {
    const response = await fetch("/api/accept", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    location.reload();
  } catch (error) {
    button.disabled = false;
    button.title = String(error.message || error);
    flash(button, "Failed");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.copy")) {
    button.addEventListener("click", () => {
      copyText(button.dataset.command).then(() => flash(button, "Copied"), () => flash(button, "Select and copy"));
    });
  }
  const form = document.querySelector("form.filters");
  if (form) {
    form.hidden = false;
    form.addEventListener("change", () => applyFilter(form));
  }
  if (location.protocol === "http:") {
    fetch("/api/status").then((response) => response.ok ? response.json() : null).then((status) => {
      if (!status || status.service !== "cakedoc-review") return;
      for (const button of document.querySelectorAll("button.sign")) {
        button.hidden = false;
        button.addEventListener("click", () => signOff(button));
      }
    }).catch(() => {});
  }
});
