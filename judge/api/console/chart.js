// A small bar chart as inline SVG, built as DOM nodes (no library, no inline
// script or style): one bar per point, the latest at the right.

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// points: [{label, value}], oldest first.
export function barChart(points, { width = 600, height = 120, unit = "" } = {}) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const pad = 18;
  const step = (width - pad) / Math.max(points.length, 1);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height + pad}`, class: "chart", role: "img",
    "aria-label": `${points.reduce((a, p) => a + p.value, 0)} ${unit} in the period shown` });
  chart.append(svg("line", { x1: pad, y1: height, x2: width, y2: height, class: "axis" }));
  chart.append(svg("text", { x: 0, y: 10, class: "label" }, String(max)));
  chart.append(svg("text", { x: 0, y: height, class: "label" }, "0"));
  points.forEach((p, i) => {
    const barHeight = (p.value / max) * (height - 12);
    const bar = svg("rect", { x: pad + i * step + 1, y: height - barHeight, width: Math.max(step - 2, 1),
      height: barHeight, class: "bar" });
    bar.append(svg("title", {}, `${p.label}: ${p.value} ${unit}`));
    chart.append(bar);
  });
  if (points.length) {
    chart.append(svg("text", { x: pad, y: height + pad - 4, class: "label" }, points[0].label));
    chart.append(svg("text", { x: width, y: height + pad - 4, class: "label end" }, points.at(-1).label));
  }
  return chart;
}
