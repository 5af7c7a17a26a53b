/* The interactive maps of the centre list, a Bezirk and a centre (templates/centres/_map.html).
   Markers come from the JSON the page carries (json_script); everything is also in the page's
   text, so when this script, Leaflet or the tiles fail, nothing is lost. */
(function () {
  "use strict";

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  }

  function popup(marker) {
    var box = document.createElement("div");
    var heading = document.createElement("strong");
    var link = text("a", marker.centre);
    link.href = marker.url;
    heading.appendChild(link);
    box.appendChild(heading);
    if (marker.site) box.appendChild(text("div", marker.site));
    if (marker.address) box.appendChild(text("div", marker.address, "map__address"));
    return box;
  }

  function clusterIcon(labels) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var inner = document.createElement("div");
      inner.appendChild(text("span", String(count)));
      inner.appendChild(text("span", " " + labels.cluster, "visually-hidden"));
      return L.divIcon({
        html: inner.outerHTML,
        className: "map__cluster",
        iconSize: L.point(40, 40),
      });
    };
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-map"));
    if (!source || !window.L) return;
    var data = JSON.parse(source.textContent);
    if (!data.markers.length) return;
    container.hidden = false;
    var canvas = container.querySelector(".map__canvas");
    var map = L.map(canvas, { keyboard: true, scrollWheelZoom: false, fadeAnimation: false });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 }).addTo(map);
    // OpenStreetMap's credit for the sites' coordinates, unless the tiles' already gives it.
    if (data.credit && data.tiles.attribution.indexOf("OpenStreetMap") === -1) {
      var credit = document.createElement("span");
      credit.textContent = "Standorte teils " + data.credit;
      map.attributionControl.addAttribution(credit.outerHTML);
    }
    var layer = L.markerClusterGroup
      ? L.markerClusterGroup({
          iconCreateFunction: clusterIcon(data.labels),
          maxClusterRadius: 40,
          disableClusteringAtZoom: 16,
          showCoverageOnHover: false,
        })
      : L.featureGroup();
    // The icons by their (hashed) static addresses: Leaflet's own guess from its CSS breaks
    // once the file names carry a hash.
    var icon = L.icon({
      iconUrl: container.getAttribute("data-icon"),
      iconRetinaUrl: container.getAttribute("data-icon-2x"),
      shadowUrl: container.getAttribute("data-icon-shadow"),
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
    var points = [];
    data.markers.forEach(function (marker) {
      var name = marker.site ? marker.centre + ", " + marker.site : marker.centre;
      var point = [marker.lat, marker.lon];
      points.push(point);
      layer.addLayer(
        L.marker(point, { icon: icon, alt: name, title: name, keyboard: true, riseOnHover: true }).bindPopup(popup(marker))
      );
    });
    map.addLayer(layer);
    if (data.origin) {
      // The "near me" point: drawn, not focusable; the distances on the cards say the rest.
      // Beneath the markers: where a cluster covers it, its count matters more.
      L.circleMarker(data.origin, {
        radius: 8,
        color: "#1b1f24",
        weight: 3,
        fillColor: "#ffbf47",
        fillOpacity: 1,
      })
        .bindTooltip(data.labels.origin)
        .addTo(map);
      points.push(data.origin);
    }
    if (points.length === 1) {
      map.setView(points[0], 16);
    } else {
      map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 16 });
    }
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
