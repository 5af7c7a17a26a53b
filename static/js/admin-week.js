// The week editor (templates/admin/centres/site/week.html): "wie Montag" on each day and
// "Mo–Fr wie Montag" above the table copy Monday's periods; typing a time unticks
// "geschlossen". Without JavaScript the table works as it is.
(function () {
  "use strict";

  function fields(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input[name]"));
  }

  function suffix(input) {
    return input.name.slice(input.name.lastIndexOf("-") + 1);
  }

  function copy(from, to) {
    var values = {};
    fields(from).forEach(function (input) {
      values[suffix(input)] = input.type === "checkbox" ? input.checked : input.value;
    });
    fields(to).forEach(function (input) {
      var value = values[suffix(input)];
      if (value === undefined) return;
      if (input.type === "checkbox") input.checked = value;
      else input.value = value;
    });
  }

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button week-copy";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function setUp(editor) {
    var rows = Array.prototype.slice.call(editor.querySelectorAll("tr.week-day"));
    if (rows.length !== 7) return;
    var monday = rows[0];
    rows.slice(1).forEach(function (row) {
      var day = row.querySelector("th").textContent.trim();
      var copyButton = button("wie Montag", function () { copy(monday, row); });
      copyButton.setAttribute("aria-label", day + ": Zeiten wie Montag");
      row.querySelector(".week-periods").appendChild(copyButton);
    });
    var weekdays = button("Mo–Fr wie Montag", function () {
      rows.slice(1, 5).forEach(function (row) { copy(monday, row); });
    });
    weekdays.classList.add("week-weekdays");
    editor.querySelector("table").insertAdjacentElement("beforebegin", weekdays);
    rows.forEach(function (row) {
      var closed = row.querySelector(".week-closed input[type=checkbox]");
      row.querySelectorAll(".week-period input").forEach(function (input) {
        input.addEventListener("input", function () {
          if (input.value.trim() && closed) closed.checked = false;
        });
      });
    });
  }

  document.querySelectorAll("[data-week-editor]").forEach(setUp);
})();
