// What every page shares: send the CSRF token with script requests, and submit a select's
// form when it changes (the button stays for people without JavaScript).
"use strict";
(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  window.exhaustCsrf = meta ? meta.content : "";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
