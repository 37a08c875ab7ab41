// Charts from the JSON beside each .chart element, sortable and filterable tables,
// and the evidence panel that shows a number's source sentence on click.
"use strict";

const PLOT_CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["toImage"]};

function drawCharts() {
  document.querySelectorAll(".chart[data-chart]").forEach((el) => {
    const figure = JSON.parse(el.querySelector("script").textContent);
    Plotly.newPlot(el, figure.data, figure.layout, PLOT_CONFIG);
  });
}

function cellValue(row, index) {
  const cell = row.cells[index];
  const v = cell.dataset.v;
  if (v !== undefined) return v === "" ? null : parseFloat(v);
  return cell.textContent.trim();
}

function makeSortable(table) {
  table.querySelectorAll("thead th").forEach((th, index) => {
    th.addEventListener("click", () => {
      const descending = th.dataset.order !== "desc";
      table.querySelectorAll("thead th").forEach((other) => delete other.dataset.order);
      th.dataset.order = descending ? "desc" : "asc";
      const body = table.tBodies[0];
      // Each row's key read once: tables can have 10,000 rows.
      const keyed = Array.from(body.rows, (row) => [cellValue(row, index), row]);
      const collator = new Intl.Collator("zh-CN");
      keyed.sort(([x], [y]) => {
        if (x === null) return 1;  // absent values last, whatever the order
        if (y === null) return -1;
        const order = typeof x === "number" ? x - y : collator.compare(String(x), String(y));
        return descending ? -order : order;
      });
      body.append(...keyed.map(([, row]) => row));
      table.dispatchEvent(new Event("rows-changed"));
    });
  });
}

function applyFilters(table) {
  const wanted = {};
  document.querySelectorAll("select[data-filter]").forEach((s) => { wanted[s.dataset.filter] = s.value; });
  let shown = 0;
  Array.from(table.tBodies[0].rows).forEach((row) => {
    const visible = Object.entries(wanted).every(([key, value]) => !value || row.dataset[key] === value);
    row.hidden = !visible;
    shown += visible ? 1 : 0;
  });
  const counter = document.getElementById("shown");
  if (counter) counter.textContent = `显示 ${shown} / ${table.tBodies[0].rows.length} 行`;
  table.dispatchEvent(new Event("rows-changed"));
}

// The 三公 page's chart: components of the largest departments among the rows shown.
function drawThreePublicChart(table, el) {
  const parts = [["outbound_expense", "因公出国（境）费"], ["vehicle_expense", "公务用车购置及运行维护费"],
                 ["reception_expense", "公务接待费"]];
  const column = (code) => Array.from(table.tBodies[0].rows[0]?.cells || []).findIndex((c) => c.dataset.col === code);
  const totalIndex = column("three_public_total");
  const rows = Array.from(table.tBodies[0].rows, (r) => [r.hidden ? null : cellValue(r, totalIndex), r])
    .filter(([total]) => total !== null).sort(([x], [y]) => y - x).slice(0, 40).map(([, r]) => r);
  const names = rows.map((r) => `${r.cells[0].textContent.trim()}（${r.cells[1].textContent.trim()}）`);
  const data = parts.map(([code, name]) => {
    const index = column(code);
    return {type: "bar", name: name, x: names, y: rows.map((r) => cellValue(r, index)),
            hovertemplate: `%{x}<br>${name}: %{y:,.2f} 万元<extra></extra>`};
  });
  const layout = {barmode: "stack", height: 420, margin: {l: 60, r: 20, t: 10, b: 160},
                  yaxis: {title: {text: "万元"}}, legend: {orientation: "h", y: 1.1}};
  Plotly.react(el, data, layout, PLOT_CONFIG);
  el.dataset.bars = String(rows.length);
}

function showEvidence(text) {
  const panel = document.getElementById("evidence");
  panel.querySelector("div").textContent = text;
  panel.hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  drawCharts();
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  const filterable = document.querySelector("table.filterable");
  const chart = document.getElementById("three-public-chart");
  if (filterable && chart) {
    filterable.addEventListener("rows-changed", () => drawThreePublicChart(filterable, chart));
  }
  if (filterable) {
    document.querySelectorAll("select[data-filter]").forEach((s) => s.addEventListener("change", () => applyFilters(filterable)));
    applyFilters(filterable);
  }
  document.body.addEventListener("click", (event) => {
    const target = event.target.closest(".ev");
    if (target) showEvidence(target.title);
  });
  document.querySelector("#evidence button").addEventListener("click", () => { document.getElementById("evidence").hidden = true; });
});
