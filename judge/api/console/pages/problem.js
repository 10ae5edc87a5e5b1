// One problem: its limits and subtasks, the "verify" button, the progress of
// the verify run (polled), and the solution x subtask table: a cell per
// solution and subtask, mismatches highlighted, each opening the deciding
// test and its message.

import { api, ApiError } from "../api.js";
import { bytes, h, score, seconds, statusBadge, table, verdictBadge, when } from "../dom.js";

export async function problemPage(view, [id], ctx) {
  const problem = await api(`/v1/problems/${encodeURIComponent(id)}`);
  const runBox = h("section", { id: "verify" });
  const button = h("button", { id: "verify-button", type: "button",
    onclick: () => startVerify(problem, runBox, button, ctx) }, "Verify");
  view.replaceChildren(
    h("p", {}, h("a", { href: "#/problems" }, "← Problems")),
    h("h1", {}, problem.name, " ", h("span", { class: "muted" }, `(${problem.id})`)),
    facts(problem),
    h("h2", {}, "Subtasks"), subtasks(problem),
    h("h2", {}, "Reference solutions ", button), runBox);
  const run = await currentRun(problem.id);
  showRun(runBox, problem, run);
  if (run && !finished(run)) follow(problem, runBox, button, ctx);
}

function facts(p) {
  const rows = [
    ["Version", h("span", { class: "mono" }, p.version)],
    ["Task type", p.task_type],
    ["Time limit", seconds(p.time_limit)],
    ["Memory limit", bytes(p.memory_limit)],
    ["Tests", p.tests],
    ["Max score", p.max_score],
    ["Languages", p.languages.join(", ")],
  ];
  return h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function subtasks(p) {
  return table(["#", "Subtask", "Points", "Tests"], p.subtasks.map((s) => h("tr", {},
    h("td", { class: "num" }, s.index), h("td", {}, s.name),
    h("td", { class: "num" }, s.max_score), h("td", { class: "num" }, s.tests))),
  { id: "subtasks" });
}

const finished = (run) => run.status === "done" || run.status === "failed";

async function currentRun(id) {
  try {
    return await api(`/v1/problems/${encodeURIComponent(id)}/verify`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

async function startVerify(problem, runBox, button, ctx) {
  button.disabled = true;
  try {
    const run = await api(`/v1/problems/${encodeURIComponent(problem.id)}/verify`, { method: "POST", json: {} });
    showRun(runBox, problem, run);
    follow(problem, runBox, button, ctx);
  } catch (err) {
    button.disabled = false;
    ctx.showError(err);
  }
}

function follow(problem, runBox, button, ctx) {
  button.disabled = true;
  ctx.poll(async () => {
    const run = await currentRun(problem.id);
    showRun(runBox, problem, run);
    if (run && !finished(run)) return true;
    button.disabled = false;
    return false;
  }, 1000);
}

function showRun(box, problem, run) {
  if (!run) {
    box.replaceChildren(h("p", { class: "muted", id: "verify-status" }, "Never verified on the service."));
    return;
  }
  const older = run.version !== problem.version ? h("p", { class: "warn" },
    "This run judged an older version of the problem.") : "";
  const detail = h("div", { id: "cell-detail", class: "card", hidden: true });
  box.replaceChildren(progress(run), older, matrix(problem, run, detail), legend(), detail);
}

function legend() {
  return h("p", { class: "legend small muted" },
    h("span", { class: "key mismatch" }, "mismatch"), " a broken score promise · ",
    h("span", { class: "key package-error" }, "package error"),
    " the package's own checker refutes the promise, on a test the model solutions pass · ",
    h("span", { class: "key note" }, "verdict note"), " another failing verdict than the category names · ",
    "click a cell for its deciding test");
}

function progress(run) {
  const counts = `${run.done} of ${run.total} solutions judged`;
  const outcome = !finished(run) ? "" : run.mismatch_count
    ? h("span", { class: "bad" }, ` — ${run.mismatch_count} mismatch(es)`)
    : h("span", { class: "good" }, " — no mismatch");
  const notes = run.verdict_note_count ? h("span", { class: "muted" },
    ` (${run.verdict_note_count} verdict note(s))`) : "";
  const packageErrors = run.package_error_count ? h("span", { class: "package-error-text" },
    ` — ${run.package_error_count} package error(s)`) : "";
  return h("div", { id: "verify-status", "data-status": run.status },
    statusBadge(run.status), " ", h("progress", { max: Math.max(run.total, 1), value: run.done }),
    " ", counts, outcome, packageErrors, notes, " ",
    h("span", { class: "muted" }, "· started ", when(run.started_at)));
}

function matrix(problem, run, detail) {
  const names = problem.subtasks.map((s) => s.name);
  const rows = run.solutions.map((sol) => h("tr", { "data-solution": sol.name },
    h("th", { class: wholeMismatch(sol) ? "mismatch" : "" }, sol.name,
      h("div", { class: "muted" }, sol.category, sol.language ? ` · ${sol.language}` : "")),
    h("td", {}, sol.status === "skipped" ? h("span", { class: "muted", title: sol.reason }, "skipped")
      : [statusBadge(sol.status), " ", sol.submission_id
        ? h("a", { href: `#/submissions/${encodeURIComponent(sol.submission_id)}` }, "open") : ""]),
    names.map((name) => cell(sol, name, detail))));
  return table(["Solution", "Status", ...names], rows, { id: "verify-table", class: "matrix" });
}

// A broken score promise the package does not refute is the judge's mismatch.
const judgeMismatch = (m) => m.kind === "score" && !m.refuted;
const wholeMismatch = (sol) => sol.mismatches.some((m) => m.subtask === null && judgeMismatch(m));

function cellKind(found) {
  if (found.some(judgeMismatch)) return "mismatch";
  if (found.some((m) => m.refuted)) return "package-error";
  return found.length ? "note" : "";
}

function cell(sol, subtask, detail) {
  const got = sol.got.find((g) => g.subtask === subtask);
  const found = sol.mismatches.filter((m) => m.subtask === subtask);
  const kind = cellKind(found);
  const expected = sol.expected[subtask];
  const td = h("td", { class: `cell ${kind}`, "data-subtask": subtask, tabindex: 0 },
    got ? [verdictBadge(got.verdict), h("div", { class: "small" }, score(got.score, got.max_score))]
      : h("span", { class: "muted" }, sol.status === "skipped" ? "—" : "…"),
    expected ? h("div", { class: "small muted" }, expected) : "");
  const open = () => openCell(detail, sol, subtask, got, found);
  td.addEventListener("click", open);
  td.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  return td;
}

function openCell(detail, sol, subtask, got, found) {
  const line = (m) => `expected ${m.expected}${m.test ? ` at test ${m.test}` : ""}, saw ${m.saw}${m.why ? `: ${m.why}` : ""}`;
  detail.hidden = false;
  detail.replaceChildren(
    h("h3", {}, `${sol.name} · subtask ${subtask}`),
    h("dl", { class: "facts" },
      h("dt", {}, "Expected"), h("dd", {}, sol.expected[subtask] ?? "no promise"),
      h("dt", {}, "Got"), h("dd", {}, got ? [verdictBadge(got.verdict), " ", score(got.score, got.max_score)] : "not judged yet"),
      h("dt", {}, "Deciding test"), h("dd", { id: "deciding-test" }, got?.test ?? "none (every test accepted)"),
      h("dt", {}, "Message"), h("dd", {}, h("pre", { id: "deciding-message" }, got?.message || "—"))),
    found.length ? h("ul", { class: "mismatches" }, found.map((m) => h("li", { class: m.refuted ? "package-error" : m.kind },
      `${m.refuted ? "package error" : m.kind}: ${line(m)}`))) : "",
    sol.submission_id ? h("a", { href: `#/submissions/${encodeURIComponent(sol.submission_id)}` }, "the submission") : "");
}
