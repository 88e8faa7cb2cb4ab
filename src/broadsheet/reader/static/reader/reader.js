// Broadsheet reader: keyboard page turns, zone/headline highlighting, "show on page".
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // ← → follow the page's rel=prev / rel=next links (pages on the page view, articles on
  // the article view).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.target)) return;
    var link = document.querySelector('a[data-key="' + event.key + '"]');
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
    }
  });

  var figure = document.querySelector(".page-figure");
  if (!figure) return;
  var label = figure.querySelector(".zone-label");

  function setActive(number, on) {
    document.querySelectorAll('[data-article="' + number + '"]').forEach(function (el) {
      el.classList.toggle("active", on);
    });
  }

  function showLabel(zone) {
    if (!label) return;
    var box = zone.getBoundingClientRect();
    var outer = figure.getBoundingClientRect();
    label.textContent = zone.getAttribute("aria-label");
    label.hidden = false;
    label.style.left = Math.max(0, box.left - outer.left) + "px";
    label.style.top = Math.max(0, box.top - outer.top - label.offsetHeight - 4) + "px";
  }

  function hideLabel() {
    if (label) label.hidden = true;
  }

  document.querySelectorAll("[data-article]").forEach(function (el) {
    var number = el.getAttribute("data-article");
    var zone = document.getElementById("zone-" + number);
    function on() { setActive(number, true); if (zone) showLabel(zone); }
    function off() { setActive(number, false); hideLabel(); }
    el.addEventListener("mouseenter", on);
    el.addEventListener("mouseleave", off);
    el.addEventListener("focus", on);
    el.addEventListener("blur", off);
  });

  // "Show on page": /page/#article-N highlights article N's zone and brings it into view.
  var match = /^#article-(\d+)$/.exec(window.location.hash);
  if (match) {
    var zone = document.getElementById("zone-" + match[1]);
    if (zone) {
      setActive(match[1], true);
      zone.scrollIntoView({ block: "center" });
    }
  }
})();
