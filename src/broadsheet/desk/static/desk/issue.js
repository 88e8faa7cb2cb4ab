/* Broadsheet desk: upload pages by drag and drop, and follow processing live. */
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  const progress = document.getElementById("progress");
  if (!form || !progress) return;
  const results = document.getElementById("upload-results");
  const input = document.getElementById("files");
  const token = () => form.querySelector("input[name=csrfmiddlewaretoken]").value;

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

  let timer = null;
  let lastState = progress.dataset.state;
  async function poll(force) {
    clearTimeout(timer);
    const response = await fetch(progress.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const data = await response.json();
    progress.dataset.state = data.state;
    document.getElementById("progress-state").textContent = data.state_display;
    document.getElementById("progress-count").textContent = data.done + "/" + data.total;
    document.getElementById("progress-message").textContent = data.message;
    progress.querySelector(".bar span").style.width = (data.total ? (100 * data.done) / data.total : 0) + "%";
    const status = document.getElementById("issue-status");
    status.textContent = data.issue_status_display;
    status.className = "status status-" + data.issue_status;
    const rows = document.getElementById("slots");
    const known = new Set([...rows.querySelectorAll("tr[data-slot]")].map((r) => Number(r.dataset.slot)));
    let structural = data.pages.some((p) => !known.has(p.id)) || known.size !== data.pages.length;
    for (const p of data.pages) {
      const row = document.getElementById("slot-" + p.id);
      if (!row) continue;
      const cell = row.querySelector(".slot-status");
      cell.replaceChildren();
      const span = document.createElement("span");
      span.className = "status status-" + p.status; span.textContent = p.status_display;
      cell.appendChild(span);
      if (p.error) { const d = document.createElement("div"); d.className = "error"; d.textContent = p.error; cell.appendChild(d); }
    }
    const running = data.state === "queued" || data.state === "processing";
    if ((structural || (lastState !== data.state && !running)) && !force) { window.location.reload(); return; }
    if (structural && force) { window.location.reload(); return; }
    lastState = data.state;
    if (running) timer = setTimeout(() => poll(false), 1000);
  }
  if (progress.dataset.state === "queued" || progress.dataset.state === "processing") poll(false);
})();
