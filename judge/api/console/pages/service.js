// The service: queue depths per priority, workers alive and busy, the
// submissions judged per minute over the last hour, and the isolation mode
// the workers' sandboxes use. Refreshed every three seconds.

import { api } from "../api.js";
import { barChart } from "../chart.js";
import { h, table, when } from "../dom.js";

export async function servicePage(view, _params, ctx) {
  const box = h("div", { id: "service" });
  view.replaceChildren(h("h1", {}, "Service"), box);
  const show = async () => {
    render(box, await api("/v1/admin/service"));
    return true;
  };
  await show();
  ctx.poll(show, 3000);
}

function render(box, status) {
  const judged = status.throughput.reduce((sum, p) => sum + p.judged, 0);
  box.replaceChildren(
    h("div", { class: "tiles" },
      tile("Workers alive", status.workers_alive, "workers-alive"),
      tile("Workers busy", status.workers_busy, "workers-busy"),
      tile("Judged, last hour", judged, "judged-hour"),
      tile("Isolation", status.isolation.length ? status.isolation.join(", ") : "no live worker", "isolation",
        status.isolation.includes("degraded") ? "bad" : "")),
    h("h2", {}, "Queues"),
    table(["Priority", "Waiting", "Running"], status.queues.map((q) => h("tr", { "data-queue": q.priority },
      h("td", {}, q.priority), h("td", { class: "num" }, q.queued), h("td", { class: "num" }, q.running))),
    { id: "queues" }),
    h("h2", {}, "Judged per minute, last hour"),
    barChart(status.throughput.map((p) => ({ label: clock(p.minute), value: p.judged })), { unit: "judged" }),
    h("h2", {}, "Workers"),
    status.workers.length ? table(["Worker", "Host", "State", "Judging", "Isolation", "Last heartbeat"],
      status.workers.map(workerRow), { id: "workers" })
      : h("p", { class: "muted" }, "No live worker: submissions wait in the queue."));
}

function tile(label, value, id, extra = "") {
  return h("div", { class: `tile ${extra}` }, h("div", { class: "muted" }, label),
    h("div", { class: "big", id }, value));
}

function workerRow(w) {
  return h("tr", {},
    h("td", { class: "mono" }, w.name), h("td", {}, w.hostname),
    h("td", {}, w.state), h("td", { class: "mono" }, w.current_submission
      ? h("a", { href: `#/submissions/${encodeURIComponent(w.current_submission)}` }, w.current_submission) : ""),
    h("td", { title: w.isolation_detail }, w.isolation, w.isolation === "degraded" && w.isolation_detail
      ? h("div", { class: "small bad" }, w.isolation_detail) : ""),
    h("td", {}, when(w.last_heartbeat)));
}

function clock(epochSeconds) {
  return new Date(epochSeconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
