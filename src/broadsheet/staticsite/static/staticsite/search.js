/* Search in a static edition (docs/static.md): Pagefind's own interface over the index that
   `broadsheet export-static` builds; works under any base path, with `?q=` from the masthead. */
(function () {
  "use strict";
  var box = document.getElementById("static-search");
  if (!box || typeof window.PagefindUI === "undefined") return;
  var script = new URL(box.getAttribute("data-bundle"), window.location.href);
  var bundle = script.pathname.replace(/[^/]*$/, "");
  var root = bundle.replace(/pagefind\/$/, "");
  var ui = new window.PagefindUI({
    element: "#static-search",
    bundlePath: bundle,
    baseUrl: root,
    showImages: false,
    showSubResults: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
    var field = document.getElementById("site-search");
    if (field) field.value = query;
  }
})();
