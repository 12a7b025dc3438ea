// consuntivo · sportello: a little help on top of plain HTML forms, which
// work without it. Drag and drop of the form onto the upload area, a
// message while the form is being checked, and the progress of the
// office's job: /lavoro.json polled while it runs, the bar and its line
// updated, the page (data-dopo) opened again once it ends (without script, the page links
// to /lavoro).
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
  document.querySelectorAll("[data-lavoro]").forEach(function (block) {
    if (block.getAttribute("data-stato") !== "in_corso" || !window.fetch) { return; }
    var line = block.querySelector("[data-lavoro-riga]");
    var bar = block.querySelector("[data-lavoro-barra]");
    var poll = function () {
      fetch("/lavoro.json", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s) { return; }
          if (s.stato !== "in_corso") { window.location.assign(block.getAttribute("data-dopo") || "/lavoro"); return; }
          if (line && typeof s.testo === "string") { line.textContent = s.testo; }
          if (bar && s.totale > 0) { bar.max = s.totale; bar.value = s.fatti; bar.textContent = s.fatti + " / " + s.totale; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 1000);
  });
});
