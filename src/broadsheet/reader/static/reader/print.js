// The print view's "Print" button (a script file: the Content-Security-Policy allows no inline handlers).
(function () {
  "use strict";
  var button = document.getElementById("print-now");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
