// hedui.html: the office page. Plain JavaScript over the wasm build of the
// hedui library (src/page/wasm.rs); every message, label and file it shows
// or offers comes from the library, so the page and the CLI say the same.
// Nothing is fetched: the workbooks never leave this PC.
"use strict";

const TEXT = {
  zh: {
    title: "社工站报表核对",
    privacy: "文件只在本机浏览器中处理，不会上传到任何地方。",
    drop: "把工作簿（或整个文件夹）拖到这里，或：",
    pick_files: "选择文件…",
    pick_folder: "选择文件夹…",
    loading: "正在加载…",
    reading: "正在核对",
    comparing: "正在比较各文件…",
    severity: "级别",
    rule: "规则",
    file: "文件",
    all: "全部",
    dl_json: "下载 JSON 报告",
    dl_zip: "下载全部（zip，含汇总.xlsx）",
    dl_one: "下载更正后的工作簿",
    print_view: "打印汇总",
    print: "打印",
    back: "返回",
    legend_cell: "所指单元格",
    legend_related: "相关单元格",
    sheet: "工作表",
    cell: "单元格",
    found_expected: "原值 → 应为",
    message: "说明",
    action: "处理",
    count: "数量",
    clean: "未发现问题。",
    totals: (f, e, w, i) => `共 ${f} 个文件：错误 ${e} 条，警告 ${w} 条，提示 ${i} 条。`,
    file_counts: (e, w, i) => `错误 ${e}　警告 ${w}　提示 ${i}`,
    done_in: (n, ms) => `已核对 ${n} 个文件，用时 ${(ms / 1000).toFixed(1)} 秒。`,
    summary_title: "核对汇总",
    station: "站点",
    period: "期间",
    unknown: "未识别",
    files: "文件",
    errors: "错误",
    warnings: "警告",
    chart: "各指标完成率：填报值与重新计算值",
    stated: "填报",
    recomputed: "重新计算",
    no_rates: "本组没有可重新计算的完成率。",
    read_failed: "无法读取文件",
    generated_on: "生成时间",
  },
  en: {
    title: "Social-work station report check",
    privacy: "Files are processed in this browser only; nothing is uploaded anywhere.",
    drop: "Drop workbooks (or a whole folder) here, or:",
    pick_files: "Choose files…",
    pick_folder: "Choose a folder…",
    loading: "Loading…",
    reading: "Checking",
    comparing: "Comparing the files…",
    severity: "Severity",
    rule: "Rule",
    file: "File",
    all: "All",
    dl_json: "Download JSON report",
    dl_zip: "Download all (zip, with 汇总.xlsx)",
    dl_one: "Download corrected workbook",
    print_view: "Printable summary",
    print: "Print",
    back: "Back",
    legend_cell: "the cell",
    legend_related: "related cells",
    sheet: "Sheet",
    cell: "Cell",
    found_expected: "Found → expected",
    message: "Message",
    action: "Action",
    count: "Count",
    clean: "No problems found.",
    totals: (f, e, w, i) => `${f} files: ${e} errors, ${w} warnings, ${i} notes.`,
    file_counts: (e, w, i) => `errors ${e}, warnings ${w}, notes ${i}`,
    done_in: (n, ms) => `${n} files checked in ${(ms / 1000).toFixed(1)} s.`,
    summary_title: "Check summary",
    station: "Station",
    period: "Period",
    unknown: "not recognized",
    files: "Files",
    errors: "Errors",
    warnings: "Warnings",
    chart: "Completion rate of each indicator: stated and recomputed",
    stated: "stated",
    recomputed: "recomputed",
    no_rates: "No completion rate to recompute in this group.",
    read_failed: "Cannot read the file",
    generated_on: "Generated",
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: "zh",
  session: null,
  report: null,
  labels: null,
  chosen: null,
  elapsed: 0,
  // Set when a run is finished: the browser test waits for it.
  done: false,
};
window.hedui = state;

function t(key, ...args) {
  const v = TEXT[state.lang][key];
  return typeof v === "function" ? v(...args) : v;
}

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function applyText() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("lang-zh").classList.toggle("on", state.lang === "zh");
  $("lang-en").classList.toggle("on", state.lang === "en");
}

function base64Bytes(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

// ---------------------------------------------------------------------------
// Collecting files: picked, dropped, or found in dropped folders.

async function entryFiles(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((ok, fail) => entry.file(ok, fail));
    out.push({ file, name: entry.fullPath.replace(/^\//, ""), fromFolder: true });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
      if (!batch.length) break;
      for (const e of batch) await entryFiles(e, out);
    }
  }
}

async function droppedFiles(dataTransfer) {
  const out = [];
  const entries = [...dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (entries.length) {
    for (const e of entries) await entryFiles(e, out);
  } else {
    for (const file of dataTransfer.files) out.push({ file, name: file.name, fromFolder: false });
  }
  return out;
}

// A file inside a folder is read when named like a workbook or report (as the
// CLI's folder walk decides); a file picked or dropped by itself always is.
function wanted(items) {
  return items
    .filter((i) => !i.fromFolder || wasm_bindgen.wants(i.name))
    .sort((a, b) => (a.fromFolder && b.fromFolder ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : 0));
}

// ---------------------------------------------------------------------------
// Checking

async function run(items) {
  items = wanted(items);
  if (!items.length) return;
  state.done = false;
  const started = performance.now();
  if (state.session) state.session.free();
  state.session = new wasm_bindgen.Session();
  state.chosen = null;
  $("grid-panel").hidden = true;
  $("results").hidden = true;
  $("printable").hidden = true;
  $("progress").hidden = false;
  const bar = $("progress-bar");
  bar.max = items.length;
  let lastPaint = performance.now();
  for (let i = 0; i < items.length; i++) {
    bar.value = i;
    $("progress-text").textContent = `${t("reading")} ${i + 1} / ${items.length}：${items[i].name}`;
    // Let the bar paint now and then; not after every small file.
    if (performance.now() - lastPaint > 100) {
      await new Promise((r) => setTimeout(r, 0));
      lastPaint = performance.now();
    }
    let bytes;
    try {
      bytes = new Uint8Array(await items[i].file.arrayBuffer());
    } catch (e) {
      state.session.add_unreadable(items[i].name, `${t("read_failed")}: ${e}`);
      continue;
    }
    state.session.add(items[i].name, bytes);
  }
  bar.value = items.length;
  $("progress-text").textContent = t("comparing");
  await new Promise((r) => setTimeout(r, 0));
  state.session.compare();
  render();
  state.elapsed = performance.now() - started;
  $("progress-text").textContent = t("done_in", items.length, state.elapsed);
  state.done = true;
}

// ---------------------------------------------------------------------------
// The findings view

function fillSelect(select, options, keep) {
  select.innerHTML = options.map(([v, label]) => `<option value="${esc(v)}">${esc(label)}</option>`).join("");
  if (options.some(([v]) => v === keep)) select.value = keep;
}

function render() {
  const s = state.session;
  if (!s) return;
  state.report = JSON.parse(s.json(state.lang));
  state.labels = JSON.parse(wasm_bindgen.labels(state.lang));
  const L = state.labels;
  const files = state.report.files;
  const all = files.flatMap((f, fi) => (f.findings || []).map((x) => ({ ...x, fi })));
  const sev = $("f-severity").value, rule = $("f-rule").value, file = $("f-file").value;
  fillSelect($("f-severity"), [["", t("all")], ...["error", "warning", "info"].map((k) => [k, L.severity[k]])], sev);
  const rules = [...new Set(all.map((f) => f.rule))].sort();
  fillSelect($("f-rule"), [["", t("all")], ...rules.map((r) => [r, `${r} ${L.rules[r] || ""}`])], rule);
  fillSelect($("f-file"), [["", t("all")], ...files.map((f, i) => [String(i), f.path])], file);
  renderFindings();
  $("results").hidden = false;
}

function renderFindings() {
  const L = state.labels;
  const files = state.report.files;
  const sev = $("f-severity").value, rule = $("f-rule").value, file = $("f-file").value;
  const keep = (f) => (!sev || f.severity === sev) && (!rule || f.rule === rule);
  let errors = 0, warnings = 0, infos = 0;
  const byRule = new Map();
  const parts = [];
  files.forEach((f, fi) => {
    const findings = f.findings || [];
    for (const x of findings) {
      if (x.severity === "error") errors++;
      else if (x.severity === "warning") warnings++;
      else infos++;
    }
    if (file && String(fi) !== file) return;
    for (const x of findings.filter(keep)) byRule.set(x.rule, (byRule.get(x.rule) || 0) + 1);
    const count = (k) => findings.filter((x) => x.severity === k).length;
    let body;
    if (f.error || f.skipped) {
      body = `<p class="error-text">${esc(f.error || f.skipped)}</p>`;
    } else if (!findings.length) {
      body = `<p class="clean">${esc(t("clean"))}</p>`;
    } else {
      const rows = findings
        .map((x, k) => [x, k])
        .filter(([x]) => keep(x))
        .map(([x, k]) => {
          const fe = x.expected == null ? esc(x.found) : `${esc(x.found)} <span class="arrow">→</span> ${esc(x.expected)}`;
          return `<tr class="finding" data-file="${fi}" data-index="${k}" data-rule="${esc(x.rule)}" data-cell="${esc(x.cell || "")}" data-expected="${esc(x.expected ?? "")}">` +
            `<td><span class="sev sev-${x.severity}">${esc(L.severity[x.severity])}</span></td>` +
            `<td class="mono" title="${esc(L.rules[x.rule] || "")}">${esc(x.rule)}</td>` +
            `<td>${esc(x.sheet)}</td><td class="mono">${esc(x.cell || (x.paragraph ? "¶" + x.paragraph : ""))}</td>` +
            `<td>${fe}</td><td>${esc(x.message)}</td><td>${esc(L.action[x.action])}</td></tr>`;
        })
        .join("");
      body = `<table class="findings"><thead><tr><th>${t("severity")}</th><th>${t("rule")}</th><th>${t("sheet")}</th><th>${t("cell")}</th>` +
        `<th>${t("found_expected")}</th><th>${t("message")}</th><th>${t("action")}</th></tr></thead><tbody>${rows}</tbody></table>`;
    }
    const download = f.error || f.skipped ? "" : `<button type="button" class="dl-one" data-file="${fi}">${esc(t("dl_one"))}</button>`;
    parts.push(`<section class="file" data-file="${fi}" data-path="${esc(f.path)}"><header><span class="name">${esc(f.path)}</span>` +
      `<span>${esc(t("file_counts", count("error"), count("warning"), count("info")))}</span><span class="grow"></span>${download}</header>${body}</section>`);
  });
  $("files-out").innerHTML = parts.join("");
  $("totals").textContent = t("totals", files.length, errors, warnings, infos);
  const counted = [...byRule.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  $("rule-counts").innerHTML = counted.length
    ? `<tr><th>${t("rule")}</th><th></th><th>${t("count")}</th></tr>` +
      counted.map(([r, n]) => `<tr data-rule="${esc(r)}"><td class="mono">${esc(r)}</td><td>${esc(L.rules[r] || "")}</td><td class="count">${n}</td></tr>`).join("")
    : "";
}

function showGrid(row) {
  for (const el of document.querySelectorAll("tr.finding.chosen")) el.classList.remove("chosen");
  row.classList.add("chosen");
  const fi = Number(row.dataset.file);
  const finding = state.report.files[fi].findings[Number(row.dataset.index)];
  if (!finding.cell) return;
  const related = (finding.related || []).filter((r) => r.file === state.report.files[fi].path && r.sheet === finding.sheet && r.cell).map((r) => r.cell);
  const grid = JSON.parse(state.session.grid(fi, finding.sheet, finding.cell, related.join(",")));
  if (!grid) return;
  const cols = [];
  for (let c = grid.first_col; c <= grid.last_col; c++) cols.push(c);
  let html = `<tr><th></th>${grid.col_names.map((n) => `<th>${esc(n)}</th>`).join("")}</tr>`;
  grid.rows.forEach((cells, k) => {
    const r = grid.first_row + k;
    html += `<tr><th>${r + 1}</th>` + cells.map((v, j) => {
      const a1 = grid.col_names[j] + (r + 1);
      const cls = [a1 === finding.cell ? "hl" : "", related.includes(a1) ? "rel" : "", /^-?[\d.,]+%?$/.test(v) ? "num" : ""].filter(Boolean).join(" ");
      return `<td data-cell="${a1}" class="${cls}" title="${esc(a1 + ": " + v)}">${esc(v)}</td>`;
    }).join("") + "</tr>";
  });
  $("grid").innerHTML = html;
  $("grid-title").textContent = `${state.report.files[fi].path} · ${finding.sheet} · ${finding.cell} · ${finding.rule}`;
  $("grid-panel").hidden = false;
  const hl = document.querySelector("#grid td.hl");
  if (hl) hl.scrollIntoView({ block: "center", inline: "center" });
}

// ---------------------------------------------------------------------------
// Downloads

function download(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function downloadOne(fi) {
  try {
    download(state.session.corrected(fi, state.lang), state.session.corrected_name(fi), XLSX);
  } catch (e) {
    alert(String(e));
  }
}

// ---------------------------------------------------------------------------
// The printable summary: per station and period, counts by rule and an SVG
// chart of each indicator's completion rate, stated and recomputed.

function chart(indicators) {
  const rowH = 16, labelW = 150, plotW = 500, top = 22;
  const max = Math.max(1, ...indicators.flatMap((x) => [x.stated ?? 0, x.recomputed ?? 0]));
  const scale = plotW / max;
  const h = top + indicators.length * (rowH * 2 + 6) + 10;
  let svg = `<svg class="chart" viewBox="0 0 ${labelW + plotW + 60} ${h}" xmlns="http://www.w3.org/2000/svg" role="img">`;
  svg += `<rect x="${labelW}" y="4" width="10" height="10" fill="#8faadc"/><text x="${labelW + 14}" y="13">${esc(t("stated"))}</text>`;
  svg += `<rect x="${labelW + 90}" y="4" width="10" height="10" fill="#1f4e79"/><text x="${labelW + 104}" y="13">${esc(t("recomputed"))}</text>`;
  const hundred = labelW + scale * 1;
  svg += `<line x1="${hundred}" y1="${top - 4}" x2="${hundred}" y2="${h - 6}" stroke="#c62828" stroke-dasharray="3 2"/><text x="${hundred + 2}" y="${h - 1}" fill="#c62828">100%</text>`;
  indicators.forEach((x, i) => {
    const y = top + i * (rowH * 2 + 6);
    const label = x.indicator.length > 14 ? x.indicator.slice(0, 13) + "…" : x.indicator;
    svg += `<text x="${labelW - 4}" y="${y + rowH + 3}" text-anchor="end"><title>${esc(x.sheet + " · " + x.indicator)}</title>${esc(label)}</text>`;
    const bar = (v, dy, fill, shown) => v == null ? "" :
      `<rect x="${labelW}" y="${y + dy}" width="${Math.max(0.5, v * scale)}" height="${rowH - 3}" fill="${fill}"/>` +
      `<text x="${labelW + v * scale + 3}" y="${y + dy + rowH - 6}">${esc(shown)}</text>`;
    svg += bar(x.stated, 0, x.differs ? "#f4b183" : "#8faadc", x.stated_text ?? "");
    svg += bar(x.recomputed, rowH, "#1f4e79", x.recomputed_text ?? "");
  });
  return svg + "</svg>";
}

function renderPrintable() {
  const groups = JSON.parse(state.session.printable(state.lang));
  const L = state.labels;
  let html = `<h1>${esc(t("summary_title"))}</h1><p class="files">${esc(t("generated_on"))}: ${esc(new Date().toLocaleString())}</p>`;
  for (const g of groups) {
    html += `<div class="group"><h2>${esc(t("station"))}: ${esc(g.station || t("unknown"))}　${esc(t("period"))}: ${esc(g.period || t("unknown"))}</h2>`;
    html += `<p class="files">${esc(t("files"))}: ${g.files.map(esc).join("、")}</p>`;
    html += `<p>${esc(t("errors"))} ${g.errors}　${esc(t("warnings"))} ${g.warnings}</p>`;
    if (g.rules.length) {
      html += `<table><tr><th>${t("rule")}</th><th>${t("severity")}</th><th></th><th>${t("count")}</th></tr>` +
        g.rules.map((r) => `<tr><td class="mono">${esc(r.rule)}</td><td>${esc(L.severity[r.severity])}</td><td>${esc(r.summary)}</td><td>${r.count}</td></tr>`).join("") + "</table>";
    }
    html += `<h3>${esc(t("chart"))}</h3>`;
    html += g.indicators.length ? chart(g.indicators) : `<p>${esc(t("no_rates"))}</p>`;
    html += "</div>";
  }
  $("printable-body").innerHTML = html;
}

function showPrintable(on) {
  if (on) renderPrintable();
  $("printable").hidden = !on;
  for (const el of document.querySelectorAll("main, header.bar")) el.hidden = on;
}

// ---------------------------------------------------------------------------

function wire() {
  $("files").addEventListener("change", (e) => {
    const items = [...e.target.files].map((file) => ({ file, name: file.name, fromFolder: false }));
    e.target.value = "";
    run(items);
  });
  $("folder").addEventListener("change", (e) => {
    const items = [...e.target.files].map((file) => ({ file, name: file.webkitRelativePath || file.name, fromFolder: true }));
    e.target.value = "";
    run(items);
  });
  const drop = $("drop");
  for (const target of [document.body, drop]) {
    target.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    target.addEventListener("dragleave", () => drop.classList.remove("over"));
    target.addEventListener("drop", async (e) => {
      e.preventDefault();
      e.stopPropagation();
      drop.classList.remove("over");
      run(await droppedFiles(e.dataTransfer));
    });
  }
  for (const id of ["f-severity", "f-rule", "f-file"]) $(id).addEventListener("change", renderFindings);
  $("files-out").addEventListener("click", (e) => {
    const button = e.target.closest("button.dl-one");
    if (button) return downloadOne(Number(button.dataset.file));
    const row = e.target.closest("tr.finding");
    if (row) showGrid(row);
  });
  $("grid-close").addEventListener("click", () => { $("grid-panel").hidden = true; });
  $("dl-json").addEventListener("click", () => download(new TextEncoder().encode(state.session.json(state.lang)), "hedui.json", "application/json"));
  $("dl-zip").addEventListener("click", () => {
    try {
      download(state.session.zip(state.lang), "hedui.zip", "application/zip");
    } catch (e) {
      alert(String(e));
    }
  });
  $("show-print").addEventListener("click", () => showPrintable(true));
  $("hide-print").addEventListener("click", () => showPrintable(false));
  $("do-print").addEventListener("click", () => window.print());
  const setLang = (lang) => {
    state.lang = lang;
    applyText();
    if (state.session && state.report) {
      render();
      if (!$("printable").hidden) renderPrintable();
    }
  };
  $("lang-zh").addEventListener("click", () => setLang("zh"));
  $("lang-en").addEventListener("click", () => setLang("en"));
}

(async function main() {
  applyText();
  wire();
  await wasm_bindgen({ module_or_path: base64Bytes(HEDUI_WASM) });
  $("loading").hidden = true;
  document.body.dataset.ready = "1";
})().catch((e) => {
  $("loading").textContent = String(e);
  document.body.dataset.failed = String(e);
});
