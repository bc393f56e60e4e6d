// Open the catalogue filters on wide screens; on phones they stay folded under their summary.
// Without this script the panel still opens with a tap: the page works without JavaScript.
(function () {
  var panel = document.querySelector(".filter-panel");
  if (panel && window.matchMedia("(min-width: 64em)").matches) {
    panel.open = true;
  }
})();
