/* "Meinen Standort verwenden": fills the near-me field with the browser's position and sends
   the form (templates/centres/widgets/near_me.html). Without JavaScript the button stays
   hidden and the field can be filled by hand. */
(function () {
  "use strict";
  document.querySelectorAll("[data-near-me]").forEach(function (wrapper) {
    var field = document.getElementById(wrapper.getAttribute("data-near-me"));
    var status = wrapper.querySelector(".near-me__status");
    var button = wrapper.querySelector("button");
    if (!field || !button) return;
    wrapper.hidden = false;
    button.addEventListener("click", function () {
      if (!navigator.geolocation) {
        status.textContent = status.getAttribute("data-unsupported");
        return;
      }
      status.textContent = status.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          field.value =
            position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
          field.form.submit();
        },
        function () {
          status.textContent = status.getAttribute("data-denied");
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
      );
    });
  });
})();
