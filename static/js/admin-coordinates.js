/* A small map under each site's latitude/longitude in the admin: a click (or dragging the
   marker) fills both fields, typing in them moves the marker. The fields stay the truth and
   stay editable; without JavaScript or tiles they work alone. */
(function () {
  "use strict";
  var BERLIN = [52.52, 13.405];

  function setup(latitude) {
    if (latitude.getAttribute("data-map-ready") || latitude.name.indexOf("__prefix__") !== -1) return;
    var longitude = document.getElementById(latitude.id.replace(/latitude$/, "longitude"));
    if (!longitude || !window.L) return;
    latitude.setAttribute("data-map-ready", "1");

    var box = document.createElement("div");
    box.className = "coordinate-map";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", latitude.getAttribute("data-map-label"));
    var hint = document.createElement("p");
    hint.className = "help coordinate-map-hint";
    hint.textContent = latitude.getAttribute("data-map-hint");
    var row = longitude.closest(".form-row") || longitude.parentNode;
    row.parentNode.insertBefore(hint, row.nextSibling);
    row.parentNode.insertBefore(box, hint);

    var map = L.map(box, { keyboard: true, scrollWheelZoom: false });
    L.tileLayer(latitude.getAttribute("data-tile-url"), {
      attribution: latitude.getAttribute("data-tile-attribution"),
      maxZoom: 19,
    }).addTo(map);
    var marker = null;

    function point() {
      var lat = parseFloat(String(latitude.value).replace(",", "."));
      var lon = parseFloat(String(longitude.value).replace(",", "."));
      return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
    }

    // Placed by hand on the map: the editorial team is now the coordinates' source.
    var source = document.getElementById(latitude.id.replace(/latitude$/, "coordinates_source"));

    function fill(latlng) {
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
      if (source) source.value = "redaktion";
      show(false);
    }

    function show(centre) {
      var here = point();
      if (!here) return;
      if (marker) {
        marker.setLatLng(here);
      } else {
        marker = L.marker(here, {
          icon: L.icon({
            iconUrl: latitude.getAttribute("data-icon"),
            iconRetinaUrl: latitude.getAttribute("data-icon-2x"),
            shadowUrl: latitude.getAttribute("data-icon-shadow"),
            iconSize: [25, 41],
            iconAnchor: [12, 41],
            shadowSize: [41, 41],
          }),
          draggable: true,
          keyboard: true,
          alt: latitude.getAttribute("data-map-label"),
        }).addTo(map);
        marker.on("dragend", function () { fill(marker.getLatLng()); });
      }
      if (centre) map.setView(here, 16);
    }

    map.on("click", function (event) { fill(event.latlng); });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () { show(true); });
    });
    if (point()) {
      show(true);
    } else {
      map.setView(BERLIN, 10);
    }
  }

  function setupAll(root) {
    root.querySelectorAll("input[data-coordinate-map]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  document.addEventListener("formset:added", function (event) { setupAll(event.target); });
})();
