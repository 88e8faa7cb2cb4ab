/* Broadsheet desk: upload pages by drag and drop, replace one, and follow processing live. */
(function () {
  "use strict";
  // A chosen replacement file is sent at once (no inline handler: the CSP forbids them).
  for (const input of document.querySelectorAll("input.auto-submit")) {
    input.addEventListener("change", () => { if (input.files.length) input.form.submit(); });
  }
  const form = document.getElementById("upload-form");
  const progress = document.getElementById("progress");
  if (!form || !progress) return;
  const results = document.getElementById("upload-results");
  const input = document.getElementById("files");
  const token = () => form.querySelector("input[name=csrfmiddlewaretoken]").value;
  // States worth watching: a stuck run is taken up again by a live worker within a minute.
  const RUNNING = new Set(["queued", "processing", "no_worker", "stuck"]);

  // Results survive the reload that shows the new page rows.
  const KEY = "desk-upload-results:" + location.pathname;
  function note(text, cls, keep) {
    const li = document.createElement("li");
    li.textContent = text; li.className = cls;
    results.appendChild(li);
    if (keep !== false) {
      const kept = JSON.parse(sessionStorage.getItem(KEY) || "[]");
      kept.push([text, cls]);
      sessionStorage.setItem(KEY, JSON.stringify(kept.slice(-50)));
    }
  }
  for (const [text, cls] of JSON.parse(sessionStorage.getItem(KEY) || "[]")) note(text, cls, false);
  results.addEventListener("dblclick", () => { sessionStorage.removeItem(KEY); results.replaceChildren(); });

  async function send(files) {
    if (!files.length) return;
    const body = new FormData();
    for (const f of files) body.append("files", f);
    form.classList.add("busy");
    try {
      const response = await fetch(form.action, { method: "POST", body, headers: { "X-CSRFToken": token(), Accept: "application/json" }, credentials: "same-origin" });
      const answer = await response.json();
      for (const a of answer.accepted || []) note(a.file + " → " + a.label + (a.replaced ? " ↺" : ""), "ok");
      for (const r of answer.rejected || []) note(r.file + ": " + r.reason, "error");
    } catch (err) {
      note(String(err), "error");
    } finally {
      form.classList.remove("busy");
      input.value = "";
      poll(true);
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); send(input.files); });
  input.addEventListener("change", () => send(input.files));
  form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("over"); });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (e) => { e.preventDefault(); form.classList.remove("over"); send(e.dataTransfer.files); });

  const rowKey = (p) => (p.page_id ? "page-" + p.page_id : "upload-" + p.upload_id);
  function statusCell(row, p) {
    const cell = row.querySelector(".row-status");
    if (!cell) return;
    cell.replaceChildren();
    const span = document.createElement("span");
    span.className = "status status-" + (p.status === "processed" ? "done" : p.status);
    span.textContent = p.status_display;
    cell.appendChild(span);
    if (p.ocr_status) {
      const ocr = document.createElement("span");
      ocr.className = "status status-ocr-" + p.ocr_status;
      ocr.textContent = " " + progress.dataset.ocrLabel + " " + p.ocr_status_display;
      cell.appendChild(ocr);
    }
    if (p.error) { const d = document.createElement("div"); d.className = "error"; d.textContent = p.error; cell.appendChild(d); }
  }

  let timer = null;
  let lastState = progress.dataset.state;
  async function poll(force) {
    clearTimeout(timer);
    let data;
    try {
      const response = await fetch(progress.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      data = await response.json();
    } catch (err) {
      timer = setTimeout(() => poll(false), 3000);
      return;
    }
    progress.dataset.state = data.state;
    document.getElementById("progress-state").textContent = data.state_display;
    const count = document.getElementById("progress-count");
    count.textContent = data.done + "/" + data.total;
    count.hidden = !data.total;
    document.getElementById("progress-message").textContent = data.message;
    const ocrLine = document.getElementById("ocr-progress");
    ocrLine.textContent = data.ocr || "";
    ocrLine.hidden = !data.ocr;
    const bar = document.getElementById("progress-bar");
    bar.max = Math.max(1, data.total); bar.value = data.done;
    document.getElementById("run-actions").hidden = !["stuck", "no_worker", "failed"].includes(data.state);
    const status = document.getElementById("issue-status");
    status.textContent = data.issue_status_display;
    status.className = "status status-" + data.issue_status;
    const rows = document.getElementById("page-rows");
    const known = [...rows.querySelectorAll("tr[data-row]")].map((r) => r.dataset.row);
    const wanted = data.pages.map(rowKey);
    const structural = known.join() !== wanted.join() || String(data.version) !== progress.dataset.version;
    for (const p of data.pages) {
      const row = rows.querySelector('tr[data-row="' + rowKey(p) + '"]');
      if (row) statusCell(row, p);
    }
    const running = RUNNING.has(data.state);
    const finished = lastState !== data.state && !running;
    lastState = data.state;
    if (structural && (force || !running)) { window.location.reload(); return; }
    if (finished && !force) { window.location.reload(); return; }
    if (running || structural) timer = setTimeout(() => poll(false), 1000);
  }
  if (RUNNING.has(progress.dataset.state)) poll(false);
})();
