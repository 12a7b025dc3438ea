// consuntivo · sportello: a little help on top of plain HTML forms, which
// work without it. Drag and drop of the form onto the upload area, and a
// message while the form is being checked.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-invio]").forEach(function (form) {
    var zone = form.querySelector("[data-zona]");
    var input = form.querySelector("input[type=file]");
    var status = form.querySelector("[data-stato]");
    if (zone && input) {
      ["dragenter", "dragover"].forEach(function (t) {
        zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("sopra"); });
      });
      ["dragleave", "drop"].forEach(function (t) {
        zone.addEventListener(t, function () { zone.classList.remove("sopra"); });
      });
      zone.addEventListener("drop", function (e) {
        e.preventDefault();
        if (e.dataTransfer && e.dataTransfer.files.length > 0) {
          input.files = e.dataTransfer.files;
          if (status) { status.textContent = "File scelto: " + e.dataTransfer.files[0].name; }
        }
      });
    }
    form.addEventListener("submit", function () {
      if (status) { status.textContent = "Invio e verifica in corso…"; }
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
    });
  });
});
