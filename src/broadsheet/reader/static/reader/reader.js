// Broadsheet reader: keyboard page turns, zone/headline highlighting, "show on page",
// pan and zoom of the page image (Ctrl + wheel, pinch, drag, double click, keys), swipes between
// pages on touch screens, and the article's text size and share button.
(function () {
  "use strict";

  var MAX_SCALE = 6;

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName));
  }

  function follow(key) {
    var link = document.querySelector('a[data-key="' + key + '"]');
    if (link) window.location.href = link.href;
    return !!link;
  }

  var zoom = null; // set below when the page has a zoomable figure

  // ← → follow rel=prev / rel=next (pages on the page view, articles on the article view),
  // unless the page image is zoomed in, where the arrows pan it.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.target)) return;
    if (zoom && zoom.handleKey(event)) return;
    if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && follow(event.key)) {
      event.preventDefault();
    }
  });

  setupTextSize();
  setupShare();

  var figure = document.querySelector(".page-figure");
  if (!figure) return;
  var layer = figure.querySelector(".page-zoom");
  var label = figure.querySelector(".zone-label");
  var hires = figure.querySelector(".page-hires");
  var pageWidth = parseFloat(figure.getAttribute("data-page-width"));
  var pageHeight = parseFloat(figure.getAttribute("data-page-height"));

  // ---- zone and headline highlighting -------------------------------------------------
  function setActive(number, on) {
    document.querySelectorAll('[data-article="' + number + '"]').forEach(function (el) {
      el.classList.toggle("active", on);
    });
  }

  function showLabel(zoneEl) {
    if (!label) return;
    var box = zoneEl.getBoundingClientRect();
    var outer = figure.getBoundingClientRect();
    label.textContent = zoneEl.getAttribute("aria-label");
    label.hidden = false;
    var left = Math.min(Math.max(0, box.left - outer.left), Math.max(0, outer.width - label.offsetWidth));
    var top = box.top - outer.top - label.offsetHeight - 4;
    if (top < 0) top = Math.min(outer.height - label.offsetHeight, Math.max(0, box.top - outer.top) + 4);
    label.style.left = left + "px";
    label.style.top = top + "px";
  }

  function hideLabel() {
    if (label) label.hidden = true;
  }

  document.querySelectorAll("[data-article]").forEach(function (el) {
    var number = el.getAttribute("data-article");
    var zoneEl = document.getElementById("zone-" + number);
    function on() { setActive(number, true); if (zoneEl) showLabel(zoneEl); }
    function off() { setActive(number, false); hideLabel(); }
    el.addEventListener("mouseenter", on);
    el.addEventListener("mouseleave", off);
    el.addEventListener("focus", function () { if (zoneEl && el === zoneEl) zoom.reveal(zoneEl, false); on(); });
    el.addEventListener("blur", off);
  });

  // ---- pan and zoom ---------------------------------------------------------------------
  var scale = 1, tx = 0, ty = 0;
  var hiresLevel = 0;

  function clamp() {
    var w = figure.clientWidth, h = figure.clientHeight;
    scale = Math.min(MAX_SCALE, Math.max(1, scale));
    tx = Math.min(0, Math.max(w - w * scale, tx));
    ty = Math.min(0, Math.max(h - h * scale, ty));
  }

  function apply() {
    clamp();
    layer.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + scale + ")";
    figure.classList.toggle("zoomed", scale > 1.001);
    figure.setAttribute("data-scale", scale.toFixed(2));
    hideLabel();
    sharpen();
  }

  // Swap in a larger rendition once the screen shows more pixels than the current one has.
  function sharpen() {
    var needed = scale * figure.clientWidth * (window.devicePixelRatio || 1);
    var base = figure.querySelector(".page-image").naturalWidth || 1000;
    if (needed <= base * 1.1) return;
    var level = needed > 2400 ? 3200 : needed > 1600 ? 2400 : 1600;
    if (!hires || level <= hiresLevel) return;
    hiresLevel = level;
    var src = figure.getAttribute("data-zoom-" + level);
    var img = new Image();
    img.onload = function () { hires.src = src; hires.hidden = false; };
    img.src = src;
  }

  function zoomAt(factor, cx, cy) {
    var next = Math.min(MAX_SCALE, Math.max(1, scale * factor));
    tx = cx - (cx - tx) * (next / scale);
    ty = cy - (cy - ty) * (next / scale);
    scale = next;
    apply();
  }

  function centre() {
    return [figure.clientWidth / 2, figure.clientHeight / 2];
  }

  function local(event) {
    var r = figure.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top];
  }

  // The page fills the column's width and is taller than the window on a desktop, so a plain
  // wheel scrolls the document; Ctrl/⌘ + wheel (and a trackpad pinch, which the browser sends
  // as one) zooms, and so does a plain wheel once the page is zoomed in.
  figure.addEventListener("wheel", function (event) {
    if (!(event.ctrlKey || event.metaKey) && scale <= 1.001) return;
    event.preventDefault();
    var p = local(event);
    zoomAt(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), p[0], p[1]);
  }, { passive: false });

  figure.addEventListener("dblclick", function (event) {
    event.preventDefault();
    var p = local(event);
    if (scale >= MAX_SCALE - 0.01) { scale = 1; tx = ty = 0; apply(); } else { zoomAt(2, p[0], p[1]); }
  });

  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      var c = centre(), action = button.getAttribute("data-zoom");
      if (action === "in") zoomAt(1.5, c[0], c[1]);
      else if (action === "out") zoomAt(1 / 1.5, c[0], c[1]);
      else { scale = 1; tx = ty = 0; apply(); }
    });
  });

  // Pointers: one drags (when zoomed) or swipes (when not), two pinch.
  var pointers = {}, moved = 0, start = null, pinch = null;
  figure.addEventListener("pointerdown", function (event) {
    pointers[event.pointerId] = local(event);
    moved = 0;
    start = { p: local(event), tx: tx, ty: ty, t: Date.now(), type: event.pointerType };
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      pinch = { d: Math.hypot(a[0] - b[0], a[1] - b[1]), s: scale };
    }
  });
  figure.addEventListener("pointermove", function (event) {
    if (!(event.pointerId in pointers)) return;
    var p = local(event);
    pointers[event.pointerId] = p;
    var ids = Object.keys(pointers);
    if (ids.length === 2 && pinch) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      var d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      var mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      zoomAt((pinch.s * d / pinch.d) / scale, mid[0], mid[1]);
      moved = 99;
      return;
    }
    moved = Math.max(moved, Math.hypot(p[0] - start.p[0], p[1] - start.p[1]));
    if (scale > 1.001 && moved > 4) {
      figure.classList.add("dragging");
      if (!figure.hasPointerCapture(event.pointerId)) figure.setPointerCapture(event.pointerId);
      tx = start.tx + (p[0] - start.p[0]);
      ty = start.ty + (p[1] - start.p[1]);
      apply();
    }
  });
  function release(event) {
    if (!(event.pointerId in pointers)) return;
    var p = local(event);
    delete pointers[event.pointerId];
    figure.classList.remove("dragging");
    if (Object.keys(pointers).length < 2) pinch = null;
    // A quick horizontal swipe on the whole page turns it (touch and pen only).
    if (start && scale <= 1.001 && start.type !== "mouse") {
      var dx = p[0] - start.p[0], dy = p[1] - start.p[1];
      if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy) && Date.now() - start.t < 800) {
        follow(dx < 0 ? "ArrowRight" : "ArrowLeft");
      }
    }
  }
  figure.addEventListener("pointerup", release);
  figure.addEventListener("pointercancel", release);
  // A drag must not also click the zone it ends on.
  figure.addEventListener("click", function (event) {
    if (moved > 6) { event.preventDefault(); event.stopPropagation(); }
  }, true);

  // Zoom so that an article's zone fills most of the view, centred.
  function reveal(zoneEl, fit) {
    var polys = zoneEl.querySelectorAll("polygon");
    if (!polys.length) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    polys.forEach(function (poly) {
      var box = poly.getBBox();
      x0 = Math.min(x0, box.x); y0 = Math.min(y0, box.y);
      x1 = Math.max(x1, box.x + box.width); y1 = Math.max(y1, box.y + box.height);
    });
    var w = figure.clientWidth, h = figure.clientHeight;
    var kx = w / pageWidth, ky = h / pageHeight;
    if (fit) {
      scale = Math.max(1, Math.min(3, 0.85 * w / ((x1 - x0) * kx), 0.85 * h / ((y1 - y0) * ky)));
    } else if (scale <= 1.001) {
      return; // keyboard focus only pans a zoomed page to the zone
    }
    tx = w / 2 - ((x0 + x1) / 2) * kx * scale;
    ty = h / 2 - ((y0 + y1) / 2) * ky * scale;
    apply();
  }

  zoom = {
    reveal: reveal,
    handleKey: function (event) {
      var inFigure = figure.contains(document.activeElement);
      var c = centre();
      if (event.key === "+" || event.key === "=") { zoomAt(1.5, c[0], c[1]); event.preventDefault(); return true; }
      if (event.key === "-" || event.key === "_") { zoomAt(1 / 1.5, c[0], c[1]); event.preventDefault(); return true; }
      if (event.key === "0" && scale > 1.001) { scale = 1; tx = ty = 0; apply(); event.preventDefault(); return true; }
      if (scale > 1.001 && inFigure && /^Arrow/.test(event.key)) {
        var step = 80;
        if (event.key === "ArrowLeft") tx += step;
        if (event.key === "ArrowRight") tx -= step;
        if (event.key === "ArrowUp") ty += step;
        if (event.key === "ArrowDown") ty -= step;
        apply();
        event.preventDefault();
        return true;
      }
      return false;
    },
  };
  window.addEventListener("resize", apply);

  // "Show on page": /page/#article-N highlights article N's zone and zooms to it.
  var match = /^#article-(\d+)$/.exec(window.location.hash);
  if (match) {
    var target = document.getElementById("zone-" + match[1]);
    if (target) {
      setActive(match[1], true);
      figure.scrollIntoView({ block: "center" });
      reveal(target, true);
    }
  }

  // ---- article view helpers ---------------------------------------------------------------
  function setupTextSize() {
    var body = document.querySelector(".article");
    var controls = document.querySelectorAll("[data-text-size]");
    if (!body || !controls.length) return;
    var sizes = [0.9, 1, 1.15, 1.3, 1.5];
    var current = parseInt(localStorage.getItem("broadsheet.textSize") || "1", 10);
    function set(i) {
      current = Math.max(0, Math.min(sizes.length - 1, i));
      body.style.setProperty("--text-scale", sizes[current]);
      localStorage.setItem("broadsheet.textSize", String(current));
    }
    set(current);
    controls.forEach(function (button) {
      button.addEventListener("click", function () {
        set(current + (button.getAttribute("data-text-size") === "up" ? 1 : -1));
      });
    });
  }

  function setupShare() {
    var button = document.querySelector("[data-share]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-share");
      var title = document.title;
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function () {});
      } else if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(function () {
          button.textContent = button.getAttribute("data-copied");
        });
      } else {
        window.prompt(title, url);
      }
    });
  }
})();
