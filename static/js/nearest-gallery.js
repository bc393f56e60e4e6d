/* «Cari galeri terdekat»: asks the browser where the visitor is and reloads the
   gallery list with ?dekat=lat,lng, which the server sorts by distance. Without
   JavaScript or geolocation the button stays hidden and the coordinates field
   still works. */
(function () {
  "use strict";

  // About 100 m: enough to rank galleries, and the visitor's exact position
  // never reaches the server's logs.
  function rounded(value) {
    return value.toFixed(3);
  }

  function setUp(form) {
    var locate = document.getElementById("nearest-locate");
    var status = document.getElementById("nearest-status");
    var field = form.elements.namedItem("dekat");
    if (!locate || !status || !field || !("geolocation" in navigator)) return;

    locate.hidden = false;
    var button = locate.querySelector("button");
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = form.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          field.value =
            rounded(position.coords.latitude) + "," + rounded(position.coords.longitude);
          form.submit();
        },
        function (error) {
          button.disabled = false;
          status.textContent =
            error.code === error.PERMISSION_DENIED ? form.dataset.denied : form.dataset.failed;
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("nearest-form");
    if (form) setUp(form);
  });
})();
