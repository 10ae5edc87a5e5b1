// One submission: its state (polled until finished), the compile message,
// per-subtask and per-test results (verdict, CPU time, memory, message) and
// the source.

import { api } from "../api.js";
import { bytes, h, score, seconds, statusBadge, table, verdictBadge, when } from "../dom.js";

const finished = (s) => s.status === "done" || s.status === "error";

export async function submissionPage(view, [id], ctx) {
  const path = `/v1/admin/submissions/${encodeURIComponent(id)}`;
  const sub = await api(path);
  render(view, sub);
  if (!finished(sub)) {
    ctx.poll(async () => {
      const fresh = await api(path);
      render(view, fresh);
      return !finished(fresh);
    }, 1000);
  }
}

function render(view, sub) {
  const result = sub.result;
  view.replaceChildren(h("div", { id: "submission" },
    h("p", {}, h("a", { href: "#/submissions" }, "← Submissions")),
    h("h1", {}, "Submission ", h("span", { class: "mono" }, sub.id)),
    facts(sub),
    sub.error ? h("pre", { class: "bad", id: "submission-error" }, sub.error) : "",
    result ? compileInfo(result.compile) : "",
    result ? [h("h2", {}, "Subtasks"), subtaskTable(result)] : "",
    result ? [h("h2", {}, "Tests"), testTable(result)] : "",
    result && result.warnings.length ? h("ul", { class: "warn" }, result.warnings.map((w) => h("li", {}, w))) : "",
    h("h2", {}, "Source"),
    sub.source ? h("pre", { id: "source", class: "source" }, sub.source)
      : h("p", { class: "muted" }, sub.output_files.length ? `Output files: ${sub.output_files.join(", ")}` : "No source.")));
}

function facts(sub) {
  const rows = [
    ["Status", h("span", { id: "submission-status" }, statusBadge(sub.status))],
    ["Score", sub.result ? h("b", {}, score(sub.result.score, sub.result.max_score)) : ""],
    ["Problem", [h("a", { href: `#/problems/${encodeURIComponent(sub.problem_id)}` }, sub.problem_id),
      " ", h("span", { class: "mono muted" }, sub.problem_version.slice(0, 12))]],
    ["Language", sub.language],
    ["Priority", sub.priority],
    ["Subtask asked", sub.subtask ?? "all"],
    ["Submitted", when(sub.created_at)],
    ["Started", when(sub.started_at)],
    ["Finished", when(sub.finished_at)],
    ["Worker", sub.worker ?? ""],
  ];
  return h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function compileInfo(info) {
  if (info.status === "OK" && !info.message) return "";
  return [h("h2", {}, "Compilation ", h("span", { class: "muted" }, info.status)),
    h("pre", { id: "compile-message" }, info.message || "—")];
}

function subtaskTable(result) {
  return table(["#", "Subtask", "Verdict", "Score", "Tests"], result.subtasks.map((s) => h("tr", {},
    h("td", { class: "num" }, s.index), h("td", {}, s.name), h("td", {}, verdictBadge(s.status)),
    h("td", { class: "num" }, score(s.score, s.max_score)), h("td", { class: "small" }, s.tests.join(" ")))),
  { id: "subtask-results" });
}

function testTable(result) {
  return table(["Test", "Verdict", "Score", "CPU time", "Wall time", "Memory", "Message"],
    result.tests.map((t) => h("tr", { "data-test": t.name },
      h("td", {}, t.name), h("td", {}, verdictBadge(t.status)),
      h("td", { class: "num" }, t.score.toFixed(2)), h("td", { class: "num" }, seconds(t.cpu_time)),
      h("td", { class: "num" }, seconds(t.wall_time)), h("td", { class: "num" }, bytes(t.memory)),
      h("td", { class: "message" }, t.message, t.stderr ? h("pre", { class: "small" }, t.stderr) : ""))),
    { id: "test-results" });
}
