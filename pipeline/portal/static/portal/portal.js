/* Framgangsrik forbedring: dra og slipp en fil på opplastingsfeltet, og flytt fokus til resultatet eller
   feiloppsummeringen etter en opplasting med htmx. Uten JavaScript virker skjemaet som vanlig. */
(function () {
  "use strict";
  function setup(root) {
    root.querySelectorAll("form[data-slipp]").forEach(function (form) {
      var zone = form.querySelector(".felt");
      var input = form.querySelector("input[type=file]");
      if (!zone || !input || zone.dataset.klar) { return; }
      zone.dataset.klar = "1";
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dra-over"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("dra-over"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
        input.files = event.dataTransfer.files;
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      /* Vis også svar med feilkode (filen ble ikke tatt imot), ikke bare 2xx. */
      htmx.config.responseHandling = [{code: "204", swap: false}, {code: "...", swap: true}];
    }
    setup(document);
  });
  document.addEventListener("htmx:afterSettle", function () {
    setup(document);
    var target = document.getElementById("feiloppsummering") || document.getElementById("resultat-tittel");
    if (target) { target.focus(); }
  });
})();
