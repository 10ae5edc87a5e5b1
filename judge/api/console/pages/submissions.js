// Submissions, recent first, filtered by problem, status and language (kept
// in the address: #/submissions?problem=aplusb&status=done), refreshed every
// two seconds; "older" pages through with the listing's cursor.

import { api } from "../api.js";
import { h, score, statusBadge, table, when } from "../dom.js";

const STATUSES = ["queued", "compiling", "running", "done", "error"];
const PAGE = 50;

export async function submissionsPage(view, _params, ctx) {
  const [problems, languages] = await Promise.all([api("/v1/problems"), api("/v1/languages")]);
  const filters = {
    problem: select("filter-problem", "every problem", problems.map((p) => p.id), ctx.query.get("problem")),
    status: select("filter-status", "every status", STATUSES, ctx.query.get("status")),
    language: select("filter-language", "every language", languageNames(languages), ctx.query.get("language")),
  };
  for (const input of Object.values(filters)) input.addEventListener("change", () => applyFilters(filters));
  const list = h("div", { id: "submission-list" });
  view.replaceChildren(h("h1", {}, "Submissions"),
    h("form", { class: "filters", onsubmit: (e) => e.preventDefault() },
      "Problem ", filters.problem, " Status ", filters.status, " Language ", filters.language),
    list);
  const state = { before: null };
  await show(list, ctx.query, state);
  ctx.poll(() => show(list, ctx.query, state), 2000);
}

function languageNames(languages) {
  return languages.map((l) => (typeof l === "string" ? l : l.name));
}

function select(id, everything, values, chosen) {
  return h("select", { id, name: id },
    h("option", { value: "" }, everything),
    values.map((v) => h("option", { value: v, selected: v === chosen }, v)));
}

function applyFilters(filters) {
  const query = new URLSearchParams();
  for (const [key, input] of Object.entries(filters)) if (input.value) query.set(key, input.value);
  const text = query.toString();
  location.hash = `#/submissions${text ? `?${text}` : ""}`;
}

async function show(list, query, state) {
  const params = new URLSearchParams(query);
  params.set("limit", PAGE);
  if (state.before) params.set("before", state.before);
  const page = await api(`/v1/admin/submissions?${params}`);
  const rows = page.submissions.map(row);
  const older = page.next_before ? h("button", { type: "button", id: "older", onclick: () => {
    state.before = page.next_before;
    show(list, query, state);
  } }, "Older") : "";
  const newest = state.before ? h("button", { type: "button", onclick: () => {
    state.before = null;
    show(list, query, state);
  } }, "Newest") : "";
  list.replaceChildren(rows.length
    ? table(["Submission", "Problem", "Language", "Priority", "Status", "Score", "Submitted", "Finished"],
      rows, { id: "submissions" })
    : h("p", { class: "muted", id: "no-submissions" }, "No submissions match."),
  h("p", {}, newest, " ", older));
  return true;
}

function row(s) {
  return h("tr", { "data-submission": s.id, "data-status": s.status },
    h("td", { class: "mono" }, h("a", { href: `#/submissions/${encodeURIComponent(s.id)}` }, s.id)),
    h("td", {}, s.problem_id),
    h("td", {}, s.language),
    h("td", {}, s.priority),
    h("td", { class: "status-cell" }, statusBadge(s.status), s.error ? h("div", { class: "small bad" }, s.error) : ""),
    h("td", { class: "num" }, score(s.score, s.max_score)),
    h("td", {}, when(s.created_at)),
    h("td", {}, when(s.finished_at)));
}
