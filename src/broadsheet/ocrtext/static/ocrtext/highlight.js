// Highlights words on a scanned page's image: the terms of `?hl=` (or of the search the
// reader came from), matched against the recognised words' boxes (points, like the zones).
(function () {
  "use strict";
  var data = document.getElementById("ocr-words");
  var svg = document.querySelector(".page-figure svg.zones");
  if (!data || !svg) return;
  var terms = new URLSearchParams(location.search).get("hl");
  if (!terms && document.referrer) {
    try {
      var from = new URL(document.referrer);
      if (from.origin === location.origin && /\/search\/?$/.test(from.pathname)) terms = from.searchParams.get("q");
    } catch (e) { /* not a URL */ }
  }
  if (!terms) return;
  var squash = function (s) { return s.normalize("NFKC").toLowerCase().replace(/\s+/g, ""); };
  var wanted = terms.split(/\s+/).map(function (t) { return squash(t.replace(/^[-+"]+|"+$/g, "")); })
    .filter(function (t) { return t.length > 0; });
  var lines = JSON.parse(data.textContent);
  var NS = "http://www.w3.org/2000/svg";
  var first = null;
  lines.forEach(function (words) {
    // The line's text, word by word, with where each word starts in it.
    var text = "", starts = [];
    words.forEach(function (w) { starts.push(text.length); text += squash(w[0]); });
    wanted.forEach(function (term) {
      var at = text.indexOf(term);
      while (at !== -1) {
        var end = at + term.length;
        words.forEach(function (w, i) {
          var s = starts[i], e = s + squash(w[0]).length;
          if (e <= at || s >= end) return;
          // A word only partly matched: the matched share of its box.
          var share0 = Math.max(0, (at - s) / (e - s)), share1 = Math.min(1, (end - s) / (e - s));
          var x0 = w[1], y0 = w[2], x1 = w[3], y1 = w[4];
          var tall = (y1 - y0) > (x1 - x0) * 1.5 && w[0].length > 1;
          var r = document.createElementNS(NS, "rect");
          if (tall) { r.setAttribute("x", x0); r.setAttribute("y", y0 + (y1 - y0) * share0); r.setAttribute("width", x1 - x0); r.setAttribute("height", (y1 - y0) * (share1 - share0)); }
          else { r.setAttribute("x", x0 + (x1 - x0) * share0); r.setAttribute("y", y0); r.setAttribute("width", (x1 - x0) * (share1 - share0)); r.setAttribute("height", y1 - y0); }
          r.setAttribute("class", "ocr-hit");
          svg.appendChild(r);
          if (!first) first = r;
        });
        at = text.indexOf(term, end);
      }
    });
  });
  var count = svg.querySelectorAll(".ocr-hit").length;
  var status = document.getElementById("ocr-hits");
  if (status) { status.hidden = false; status.textContent = status.getAttribute("data-template").replace("#", count); }
  if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
})();
