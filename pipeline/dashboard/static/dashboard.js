// Charts from the JSON beside each .chart element, sortable and filterable tables with a search box,
// a CSV download of each table as shown, and the evidence panel that shows a number's source sentence on click.
// Everything runs in the page: no request leaves it.
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

// The text a row is searched by: the first cells its table names (data-search-cells: department, year,
// region…), read once per row.
const searchText = new WeakMap();

function rowText(row, cells) {
  let text = searchText.get(row);
  if (text === undefined) {
    text = Array.from(row.cells).slice(0, cells).map((c) => c.textContent).join(" ").toLowerCase();
    searchText.set(row, text);
  }
  return text;
}

function applyFilters(table) {
  const wanted = {};
  document.querySelectorAll("select[data-filter]").forEach((s) => { wanted[s.dataset.filter] = s.value; });
  const search = document.querySelector("input[data-search]");
  const terms = search ? search.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
  const cells = Number(table.dataset.searchCells);
  let shown = 0;
  Array.from(table.tBodies[0].rows).forEach((row) => {
    const visible = Object.entries(wanted).every(([key, value]) => !value || row.dataset[key] === value)
      && terms.every((term) => rowText(row, cells).includes(term));
    row.hidden = !visible;
    shown += visible ? 1 : 0;
  });
  const counter = document.getElementById("shown");
  if (counter) counter.textContent = `显示 ${shown} / ${table.tBodies[0].rows.length} 行`;
  table.dispatchEvent(new Event("rows-changed"));
}

// A cell as the CSV holds it: its text as shown, an absent value (—) as an empty cell; quoted where needed, and
// a text that a spreadsheet would read as a formula (=, +, -, @ not starting a number) kept as text.
function csvCell(cell) {
  let text = cell.textContent.replace(/\s+/g, " ").trim();
  if (text === "—") text = "";
  if (/^[=+\-@]/.test(text) && !/^[+-]?[\d,]+(\.\d+)?%?$/.test(text)) text = "'" + text;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function tableCsv(table) {
  const rows = Array.from(table.rows).filter((row) => !row.hidden);
  return "\uFEFF" + rows.map((row) => Array.from(row.cells, csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvName(table, index) {
  const page = decodeURIComponent(location.pathname.split("/").pop() || "index.html").replace(/\.html$/, "");
  return `${page}-${table.id || table.dataset.table || "table-" + (index + 1)}.csv`;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
  const link = Object.assign(document.createElement("a"), {href: url, download: name});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Each table of the page gets a button that downloads the rows it shows (after filters) as UTF-8 CSV.
function addCsvButtons() {
  document.querySelectorAll("main table").forEach((table, index) => {
    const button = Object.assign(document.createElement("button"), {type: "button", className: "csv",
                                                                    textContent: "下载 CSV"});
    button.dataset.csvFor = csvName(table, index);
    button.addEventListener("click", () => download(button.dataset.csvFor, tableCsv(table)));
    (table.closest(".table-box") || table).before(button);
  });
}

// The 三公 page's chart: components of the largest departments among the rows shown.
function drawThreePublicChart(table, el) {
  const column = (code) => Array.from(table.tBodies[0].rows[0]?.cells || []).findIndex((c) => c.dataset.col === code);
  // each component's name is its column's header, as the page printed it from the warehouse
  const parts = ["outbound_expense", "vehicle_expense", "reception_expense"].map(
    (code) => [code, table.tHead.rows[0].cells[column(code)]?.textContent.trim() || code]);
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
    document.querySelectorAll("input[data-search]").forEach((s) => s.addEventListener("input", () => applyFilters(filterable)));
    applyFilters(filterable);
  }
  addCsvButtons();
  document.body.addEventListener("click", (event) => {
    const target = event.target.closest(".ev");
    if (target) showEvidence(target.title);
  });
  document.querySelector("#evidence button").addEventListener("click", () => { document.getElementById("evidence").hidden = true; });
});
