// The console's shell: log-in, hash routing (#/problems, #/problems/<id>,
// #/submissions, #/submissions/<id>, #/service), the error banner, and the
// polling that each page asks for (stopped when the page changes).

import { api, ApiError, token } from "./api.js";
import { h } from "./dom.js";
import { problemsPage } from "./pages/problems.js";
import { problemPage } from "./pages/problem.js";
import { submissionsPage } from "./pages/submissions.js";
import { submissionPage } from "./pages/submission.js";
import { servicePage } from "./pages/service.js";

const ROUTES = [
  [/^#\/problems\/([^/]+)$/, problemPage],
  [/^#\/problems$/, problemsPage],
  [/^#\/submissions\/([^/]+)$/, submissionPage],
  [/^#\/submissions$/, submissionsPage],
  [/^#\/service$/, servicePage],
];

const view = document.getElementById("view");
const banner = document.getElementById("error");
const nav = document.getElementById("nav");
const timers = new Set();
let generation = 0;

export function showError(err) {
  const message = err instanceof Error ? err.message : String(err);
  banner.textContent = message;
  banner.hidden = false;
  if (err instanceof ApiError && err.status === 401) logOut(message);
}

function clearError() {
  banner.hidden = true;
  banner.textContent = "";
}

function later(fn, ms) {
  const id = setTimeout(() => {
    timers.delete(id);
    fn();
  }, ms);
  timers.add(id);
}

// What pages get: the view to fill, and polling bound to this page's lifetime.
function pageContext() {
  const mine = ++generation;
  return {
    alive: () => mine === generation,
    showError,
    // Run `step` every `ms` until it returns false or the page changes; a
    // failed step shows its error, the next one that succeeds clears it.
    poll(step, ms) {
      let failed = false;
      const tick = async () => {
        if (mine !== generation) return;
        let again = true;
        try {
          again = (await step()) !== false;
          if (failed && mine === generation) clearError();
          failed = false;
        } catch (err) {
          failed = true;
          if (mine === generation) showError(err);
        }
        if (again && mine === generation) later(tick, ms);
      };
      later(tick, ms);
    },
  };
}

async function route() {
  timers.forEach(clearTimeout);
  timers.clear();
  clearError();
  if (!token.get()) return loginPage();
  nav.hidden = false;
  const [hash, query = ""] = (location.hash || "#/problems").split("?");
  for (const link of nav.querySelectorAll("a")) {
    link.classList.toggle("active", hash.startsWith(`#/${link.dataset.route}`));
  }
  const found = ROUTES.map(([pattern, page]) => [hash.match(pattern), page]).find(([m]) => m);
  if (!found) {
    location.hash = "#/problems";
    return;
  }
  const [match, page] = found;
  const ctx = { ...pageContext(), query: new URLSearchParams(query) };
  view.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  try {
    await page(view, match.slice(1).map(decodeURIComponent), ctx);
  } catch (err) {
    if (!ctx.alive()) return;
    view.replaceChildren(h("p", { class: "muted" }, "This page could not be shown."));
    showError(err);
  }
}

function logOut(message) {
  token.clear();
  generation++;
  loginPage(message);
}

function loginPage(message = "") {
  nav.hidden = true;
  const input = h("input", { type: "password", id: "token", name: "token", autocomplete: "off",
    placeholder: "admin token", required: true });
  const error = h("p", { class: "form-error", id: "login-error", role: "alert" }, message);
  const form = h("form", { id: "login", class: "card narrow", onsubmit: (e) => logIn(e, input, error) },
    h("h1", {}, "Log in"),
    h("p", { class: "muted" }, "The service's admin token (JUDGE_ADMIN_TOKENS). It is kept in this ",
      "browser tab only, and sent with every call as Authorization: Bearer."),
    input, h("button", { type: "submit" }, "Log in"), error);
  banner.hidden = true;
  view.replaceChildren(form);
  input.focus();
}

// The token is kept only once an admin route accepts it.
async function logIn(event, input, error) {
  event.preventDefault();
  error.textContent = "";
  token.set(input.value.trim());
  try {
    await api("/v1/admin/service");
  } catch (err) {
    token.clear();
    error.textContent = err.message;
    return;
  }
  if (!location.hash || location.hash === "#/") location.hash = "#/problems";
  route();
}

document.getElementById("logout").addEventListener("click", () => logOut());
window.addEventListener("hashchange", route);
// Whatever escapes a page still reaches the banner, never a blank page.
window.addEventListener("error", (event) => showError(event.error || event.message));
window.addEventListener("unhandledrejection", (event) => showError(event.reason));
route();
