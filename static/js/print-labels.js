/* The print button of the shelf-label page. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var button = document.getElementById("print-labels");
  if (button) button.addEventListener("click", function () { window.print(); });
});
