/* Gallery map: an enhancement of the gallery list, drawn with Leaflet from the
   markers the page lists in <script type="application/json">. Without JavaScript,
   or if Leaflet fails to load, the map container stays hidden and the list is
   the whole page. */
(function () {
  "use strict";

  function popupContent(marker) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    var title = document.createElement("strong");
    title.appendChild(link);
    box.appendChild(title);
    [marker.address, marker.status].forEach(function (text) {
      var line = document.createElement("p");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.markers);
    if (!source || typeof L === "undefined") return;
    var markers = JSON.parse(source.textContent);
    if (!markers.length) return;

    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(container.dataset.tiles, {
      maxZoom: 19,
      attribution: container.dataset.attribution,
    }).addTo(map);
    var icon = L.icon({
      iconUrl: container.dataset.icon,
      iconRetinaUrl: container.dataset.icon2x,
      shadowUrl: container.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    var points = markers.map(function (marker) {
      var point = [marker.lat, marker.lon];
      L.marker(point, { icon: icon, title: marker.name, alt: marker.name })
        .bindPopup(popupContent(marker))
        .addTo(map);
      return point;
    });
    if (points.length === 1) {
      map.setView(points[0], 15);
    } else {
      map.fitBounds(points, { padding: [32, 32], maxZoom: 15 });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("gallery-map");
    if (container) draw(container);
  });
})();
