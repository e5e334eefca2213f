// Import forms: while the server reads or imports a file, say so and keep the button from
// being pressed twice (the server imports once anyway; this spares the wait).
"use strict";
(function () {
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      const button = form.querySelector("button[type=submit]");
      if (!button) { return; }
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = form.dataset.busy;
      }, 0);
    });
  });
})();
