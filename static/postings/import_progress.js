// The import batch page while its worker runs: follows the progress without reloading
// (registry/admin_imports.py, progress_view), and shows the result once the run ends.
// Without this script the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.querySelector(".import-progress[data-progress-url]");
  if (!box) return;
  var bar = box.querySelector("[role=progressbar]");
  var fill = box.querySelector(".import-progress-fill");
  var field = function (name) { return box.querySelector('[data-progress="' + name + '"]'); };

  function show(state) {
    var total = state.total || 0;
    field("done").textContent = state.done;
    field("total").textContent = total ? total : "…";
    field("errors").textContent = state.errors;
    bar.setAttribute("aria-valuemax", total);
    bar.setAttribute("aria-valuenow", state.done);
    if (total) bar.removeAttribute("aria-busy");
    fill.style.width = (total ? Math.round((100 * state.done) / total) : 0) + "%";
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.replace(box.dataset.pageUrl);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  fill.style.width = fill.dataset.width + "%";
  window.setTimeout(poll, 500);
})();
