// The residents' forms at the end of centre and offering pages (centres/inbox.py). Those pages
// come from the page cache and carry no CSRF token, so before sending, fetch the form's own page
// (uncached): it sets the CSRF cookie and holds a fresh token, which goes into this form. If
// that fails, the form is sent as it is and the server asks to send it again, with the text kept.
(function () {
  "use strict";
  document.querySelectorAll("form[data-inbox]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var field = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (!field || field.value || !window.fetch) return;
      event.preventDefault();
      var send = function () { form.submit(); };
      fetch(form.action, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.querySelector("input[name=csrfmiddlewaretoken]");
          if (fresh) field.value = fresh.value;
        })
        .then(send, send);
    });
  });
})();
