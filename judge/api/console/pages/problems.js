// Problems: the list (version, task type, subtasks, tests, last verify) and the
// upload of one or many archives by drag and drop (or a file picker), each
// with its progress and the importer's answer shown as is.

import { api, upload } from "../api.js";
import { h, statusBadge, table, when } from "../dom.js";

export async function problemsPage(view) {
  const list = h("div", { id: "problem-list" });
  view.replaceChildren(h("h1", {}, "Problems"), dropZone(() => refresh(list)), list);
  await refresh(list);
}

async function refresh(list) {
  const problems = await api("/v1/problems");
  if (!problems.length) {
    list.replaceChildren(h("p", { class: "muted", id: "no-problems" }, "No problems yet: drop archives above."));
    return;
  }
  list.replaceChildren(table(
    ["Problem", "Name", "Version", "Task type", "Subtasks", "Tests", "Last verify"],
    problems.map(problemRow), { id: "problems" }));
}

function problemRow(p) {
  return h("tr", { "data-problem": p.id },
    h("td", {}, h("a", { href: `#/problems/${encodeURIComponent(p.id)}` }, p.id)),
    h("td", {}, p.name),
    h("td", { class: "mono", title: p.version }, p.version.slice(0, 12)),
    h("td", {}, p.task_type),
    h("td", { class: "num" }, p.subtasks.length),
    h("td", { class: "num" }, p.tests),
    h("td", { class: "last-verify" }, lastVerify(p.last_verify, p.version)));
}

export function lastVerify(run, version) {
  if (!run) return h("span", { class: "muted" }, "never");
  const mismatches = run.mismatch_count ?? 0;
  const outcome = run.status !== "done" ? statusBadge(run.status)
    : mismatches ? h("span", { class: "bad" }, `${mismatches} mismatch${mismatches > 1 ? "es" : ""}`)
      : h("span", { class: "good" }, "no mismatch");
  const stale = run.version !== version ? " (an older version)" : "";
  const packageErrors = run.package_error_count
    ? h("span", { class: "package-error-text" }, `, ${run.package_error_count} package error(s)`) : "";
  return [outcome, packageErrors, " ", h("span", { class: "muted" }, when(run.finished_at || run.started_at), stale)];
}

function dropZone(onUploaded) {
  const picker = h("input", { type: "file", id: "upload-input", accept: ".zip", multiple: true,
    onchange: () => send([...picker.files]) });
  const queue = h("ul", { id: "uploads", class: "uploads" });
  const zone = h("div", { id: "dropzone", class: "dropzone" },
    h("p", {}, "Drop task archives (.zip: CMS, TPS or plain) here, or ",
      h("label", { for: "upload-input", class: "link" }, "choose files"), "."),
    picker, queue);
  const send = async (files) => {
    await Promise.all(files.map((file) => uploadOne(file, queue)));
    picker.value = "";
    await onUploaded();
  };
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    send([...e.dataTransfer.files]);
  });
  return zone;
}

async function uploadOne(file, queue) {
  const bar = h("progress", { max: 1, value: 0 });
  const outcome = h("span", { class: "outcome" }, "uploading…");
  const item = h("li", { class: "upload", "data-file": file.name }, h("b", {}, file.name), " ", bar, " ", outcome);
  queue.append(item);
  try {
    const problem = await upload("/v1/problems", file, (fraction) => { bar.value = fraction; });
    bar.value = 1;
    item.classList.add("ok");
    outcome.replaceChildren(
      problem.created === false ? "already there: " : "imported as ",
      h("a", { href: `#/problems/${encodeURIComponent(problem.id)}` }, problem.id),
      ` (${problem.task_type}, ${problem.subtasks.length} subtasks, ${problem.tests} tests)`);
  } catch (err) {
    item.classList.add("failed");
    outcome.replaceChildren(h("span", { class: "upload-error" }, err.message));
  }
}
