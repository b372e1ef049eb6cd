// Give the admin's autocomplete pickers (select2) the accessible names their labels carry.
// Select2 names its combobox after the selected text only; screen readers then announce an
// empty box. Server-side labels and aria-labels are reused; nothing else changes.
"use strict";

(function () {
  function nameFor(select) {
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      if (!label.id) {
        label.id = select.id + "-label";
      }
      return { labelId: label.id, text: label.textContent.trim() };
    }
    return { labelId: null, text: select.getAttribute("aria-label") || select.name };
  }

  function label(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) {
      return;
    }
    var name = nameFor(select);
    var box = container.querySelector(".select2-selection");
    if (box) {
      var rendered = box.querySelector(".select2-selection__rendered");
      if (rendered) {
        // A read-only "textbox" inside the combobox only repeats the choice: let it be text.
        rendered.removeAttribute("role");
        rendered.removeAttribute("aria-readonly");
      }
      if (name.labelId && rendered && rendered.id) {
        box.setAttribute("aria-labelledby", name.labelId + " " + rendered.id);
      } else {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", name.text);
      }
    }
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      field.setAttribute("aria-label", name.text);
    });
  }

  function labelAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(label);
    // The two-list group picker draws its search icons as <span aria-label>: an image.
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  window.addEventListener("load", function () {
    labelAll();
    new MutationObserver(labelAll).observe(document.body, { childList: true, subtree: true });
  });
})();
