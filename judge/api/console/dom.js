// Small DOM and formatting helpers shared by the pages. Text always goes in
// as text nodes: nothing the service returns is parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function table(columns, rows, attrs = {}) {
  return h("table", attrs,
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c)))),
    h("tbody", {}, rows));
}

export function verdictBadge(verdict) {
  return verdict ? h("span", { class: `verdict v-${verdict}` }, verdict) : "";
}

export function statusBadge(status) {
  return status ? h("span", { class: `status s-${status}` }, status) : "";
}

export function seconds(value) {
  return typeof value === "number" ? `${value.toFixed(value < 10 ? 3 : 1)} s` : "";
}

export function bytes(value) {
  if (typeof value !== "number" || value <= 0) return "";
  if (value < 1 << 20) return `${(value / 1024).toFixed(0)} KiB`;
  if (value < 1 << 30) return `${(value / (1 << 20)).toFixed(1)} MiB`;
  return `${(value / (1 << 30)).toFixed(1)} GiB`;
}

export function when(epochSeconds) {
  if (typeof epochSeconds !== "number") return "";
  return new Date(epochSeconds * 1000).toLocaleString();
}

export function score(got, max) {
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
  return typeof got === "number" ? `${fmt(got)} / ${fmt(max ?? 0)}` : "";
}
