/* Broadsheet desk: the zone editor. Coordinates are PDF points (the SVG viewBox). */
(function () {
  "use strict";
  const svg = document.getElementById("editor");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const urls = JSON.parse(document.getElementById("desk-urls").textContent);
  let data = JSON.parse(document.getElementById("page-data").textContent);
  // Words the script shows, in the page's language (from the server).
  const words = data.words;
  let selected = null; // article number
  let zones = new Set(); // selected zone ids
  let drawMode = false;
  let drag = null;
  const $ = (id) => document.getElementById(id);
  const status = $("status");

  function csrf() {
    const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function post(url, body) {
    status.textContent = "…";
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    });
    const answer = await response.json();
    await reload();
    // Said once the page shows the saved state.
    status.textContent = answer.error || answer.summary || "";
    status.className = answer.error ? "error" : "muted";
    return answer;
  }
  const change = (op) => post(urls.change, op);

  async function reload() {
    const response = await fetch(urls.data, { credentials: "same-origin" });
    data = await response.json();
    if (selected && !data.articles.some((a) => a.number === selected)) selected = null;
    render();
  }

  function article(n) { return data.articles.find((a) => a.number === n); }

  function point(evt) {
    const p = svg.createSVGPoint();
    p.x = evt.clientX; p.y = evt.clientY;
    const q = p.matrixTransform(svg.getScreenCTM().inverse());
    return [Math.max(0, Math.min(q.x, data.page.width)), Math.max(0, Math.min(q.y, data.page.height))];
  }

  function rect(box, cls) {
    const r = document.createElementNS(NS, "rect");
    r.setAttribute("x", box[0]); r.setAttribute("y", box[1]);
    r.setAttribute("width", Math.max(0, box[2] - box[0])); r.setAttribute("height", Math.max(0, box[3] - box[1]));
    r.setAttribute("class", cls);
    return r;
  }

  function outline(points, cls) {
    const p = document.createElementNS(NS, "polygon");
    p.setAttribute("points", points.map((q) => q[0] + "," + q[1]).join(" "));
    p.setAttribute("class", cls);
    return p;
  }

  function render() {
    svg.replaceChildren();
    const handle = Math.max(data.page.width, data.page.height) / 120;
    for (const a of data.articles) {
      if (!a.zones.length) continue;
      const g = document.createElementNS(NS, "g");
      g.setAttribute("class", "ed-article" + (a.number === selected ? " selected" : "") + (a.kind === "advert" ? " advert" : ""));
      for (const z of a.zones) {
        const cls = "ed-zone" + (zones.has(z.id) ? " picked" : "");
        const r = z.points && z.points.length >= 4 ? outline(z.points, cls) : rect(z.box, cls);
        r.dataset.zone = z.id; r.dataset.art = a.number;
        const title = document.createElementNS(NS, "title");
        title.textContent = "#" + a.number + " " + a.title;
        r.appendChild(title);
        g.appendChild(r);
      }
      if (a.number === selected) {
        for (const p of a.parts) g.appendChild(rect(p.box, "ed-part role-" + p.role));
        for (const z of a.zones) {
          if (!zones.has(z.id)) continue;
          for (const [cx, cy, corner] of [[z.box[0], z.box[1], "nw"], [z.box[2], z.box[1], "ne"], [z.box[0], z.box[3], "sw"], [z.box[2], z.box[3], "se"]]) {
            const h = rect([cx - handle, cy - handle, cx + handle, cy + handle], "ed-handle");
            h.dataset.zone = z.id; h.dataset.corner = corner;
            g.appendChild(h);
          }
        }
      }
      svg.appendChild(g);
    }
    renderList();
    renderPanel();
    $("undo").disabled = !data.undo;
    $("undo").title = data.undo || "";
  }

  function renderList() {
    const list = $("article-list");
    list.replaceChildren();
    data.articles.filter((a) => a.on_page).forEach((a) => {
      const li = document.createElement("li");
      li.className = a.number === selected ? "active" : "";
      const b = document.createElement("button");
      b.type = "button"; b.className = "linkish";
      b.textContent = (a.kind === "advert" ? "[" + words.advert + "] " : "") + (a.title || "#" + a.number) + (a.pages.length > 1 ? " (" + a.pages.join("→") + ")" : "");
      b.addEventListener("click", () => select(a.number));
      const up = document.createElement("button"); up.type = "button"; up.className = "small"; up.textContent = "↑"; up.title = words.up; up.setAttribute("aria-label", words.up);
      const down = document.createElement("button"); down.type = "button"; down.className = "small"; down.textContent = "↓"; down.title = words.down; down.setAttribute("aria-label", words.down);
      up.addEventListener("click", () => move(a.number, -1));
      down.addEventListener("click", () => move(a.number, 1));
      li.append(b, " ", up, down);
      list.appendChild(li);
    });
  }

  function move(number, delta) {
    const order = data.articles.map((a) => a.number);
    const i = order.indexOf(number), j = i + delta;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    change({ op: "reorder", order });
  }

  function renderPanel() {
    const panel = $("article-panel");
    const a = selected && article(selected);
    panel.hidden = !a;
    if (!a) return;
    $("article-number").textContent = "#" + a.number;
    const form = $("article-form");
    if (form.dataset.article !== String(a.number) || !form.contains(document.activeElement)) {
      for (const f of ["kicker", "headline", "subheadline", "byline", "body"]) form.elements[f].value = a[f];
      form.dataset.article = a.number;
    }
    $("f-kind").value = a.kind;
    const parts = $("parts");
    parts.replaceChildren();
    for (const p of a.parts) {
      const li = document.createElement("li");
      li.textContent = (words.roles[p.role] || p.role) + ": " + (p.text || "").slice(0, 60);
      parts.appendChild(li);
    }
    const others = data.articles.filter((o) => o.number !== a.number);
    fill($("merge-with"), others.filter((o) => o.on_page));
    fill($("link-with"), others.filter((o) => !o.on_page));
  }

  function fill(select, items) {
    select.replaceChildren();
    for (const o of items) {
      const opt = document.createElement("option");
      opt.value = o.number;
      opt.textContent = "#" + o.number + " " + (o.title || "") + (o.pages.length ? " [" + o.pages.join(",") + "]" : "");
      select.appendChild(opt);
    }
    select.disabled = !items.length;
  }

  function select(number, zoneId, add) {
    if (number !== selected) zones = new Set();
    selected = number;
    if (zoneId) {
      if (add && zones.has(zoneId)) zones.delete(zoneId);
      else { if (!add) zones = new Set(); zones.add(zoneId); }
    }
    render();
  }

  function zoneBox(id) {
    for (const a of data.articles) for (const z of a.zones) if (z.id === id) return z.box.slice();
    return null;
  }

  svg.addEventListener("pointerdown", (evt) => {
    const target = evt.target;
    const [x, y] = point(evt);
    if (drawMode) {
      drag = { kind: "draw", start: [x, y], el: rect([x, y, x, y], "ed-drawing"), forArticle: Number(svg.dataset.forArticle) || null };
      svg.appendChild(drag.el);
    } else if (target.dataset.corner) {
      const id = Number(target.dataset.zone);
      drag = { kind: "resize", id, corner: target.dataset.corner, box: zoneBox(id), start: [x, y] };
    } else if (target.dataset.zone) {
      const id = Number(target.dataset.zone);
      select(Number(target.dataset.art), id, evt.shiftKey);
      if (!evt.shiftKey) drag = { kind: "move", id, box: zoneBox(id), start: [x, y] };
    } else {
      select(null);
      return;
    }
    svg.setPointerCapture(evt.pointerId);
    evt.preventDefault();
  });

  function dragged(evt) {
    const [x, y] = point(evt);
    const dx = x - drag.start[0], dy = y - drag.start[1];
    let b = drag.box ? drag.box.slice() : null;
    if (drag.kind === "draw") b = [Math.min(x, drag.start[0]), Math.min(y, drag.start[1]), Math.max(x, drag.start[0]), Math.max(y, drag.start[1])];
    if (drag.kind === "move") b = [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
    if (drag.kind === "resize") {
      if (drag.corner.includes("w")) b[0] += dx; else b[2] += dx;
      if (drag.corner.includes("n")) b[1] += dy; else b[3] += dy;
      b = [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
    }
    return { box: b, moved: Math.abs(dx) + Math.abs(dy) > 1 };
  }

  // A zone drawn as its outline becomes its rectangle once it is moved or resized: an edit
  // sets the zone's box, and the outline is the analyser's, not the editor's.
  function flatten(id) {
    for (const a of data.articles) for (const z of a.zones) if (z.id === id) z.points = null;
    render();
  }

  svg.addEventListener("pointermove", (evt) => {
    if (!drag) return;
    const { box, moved } = dragged(evt);
    if (drag.id && moved && !drag.flat) { drag.flat = true; drag.el = null; flatten(drag.id); }
    const el = drag.el || svg.querySelector('.ed-zone[data-zone="' + drag.id + '"]');
    if (el) { drag.el = el; el.setAttribute("x", box[0]); el.setAttribute("y", box[1]); el.setAttribute("width", box[2] - box[0]); el.setAttribute("height", box[3] - box[1]); }
  });

  svg.addEventListener("pointerup", (evt) => {
    if (!drag) return;
    const { box, moved } = dragged(evt);
    const d = drag; drag = null;
    if (!moved) { render(); return; }
    const round = box.map((v) => Math.round(v * 10) / 10);
    if (d.kind === "draw") {
      setDraw(false);
      const op = { op: "add_zone", page: data.page.id, box: round };
      if (d.forArticle) op.article = d.forArticle;
      change(op);
    } else {
      change({ op: "set_zone", region: d.id, box: round });
    }
  });

  function setDraw(on, forArticle) {
    drawMode = on;
    svg.classList.toggle("drawing", on);
    $("mode-draw").setAttribute("aria-pressed", on ? "true" : "false");
    svg.dataset.forArticle = forArticle || "";
  }

  $("mode-draw").addEventListener("click", () => setDraw(!drawMode));
  $("add-zone").addEventListener("click", () => setDraw(true, selected));
  $("undo").addEventListener("click", () => post(urls.undo));
  $("delete-zone").addEventListener("click", () => { for (const id of zones) { change({ op: "delete_zone", region: id }); } zones = new Set(); });
  $("split").addEventListener("click", () => change({ op: "split", article: selected, regions: [...zones] }).then(() => { zones = new Set(); }));
  $("delete-article").addEventListener("click", () => change({ op: "delete", article: selected }));
  $("merge").addEventListener("click", () => change({ op: "merge", article: selected, other: Number($("merge-with").value) }));
  $("link").addEventListener("click", () => change({ op: "link", article: selected, other: Number($("link-with").value) }));
  $("f-kind").addEventListener("change", (e) => change({ op: "kind", article: selected, kind: e.target.value }));
  $("article-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target.elements;
    change({ op: "text", article: selected, kicker: f.kicker.value, headline: f.headline.value, subheadline: f.subheadline.value, byline: f.byline.value, body: f.body.value });
  });
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "z" && !e.target.closest("input, textarea")) { e.preventDefault(); post(urls.undo); }
    if (e.key === "Escape") setDraw(false);
  });
  render();
})();
