// On a phone the summary's tables and lists fold under their headings, so the page is a few
// screens tall and a tap opens the one wanted. Wider screens see everything; so does print.
"use strict";

(function () {
  var phone = window.matchMedia("(max-width: 47.99rem)");

  function sections() {
    return document.querySelectorAll("details[data-fold-on-phone]");
  }

  function setAll(open) {
    sections().forEach(function (section) {
      section.open = open;
    });
  }

  function openTarget() {
    // A link to one table (#table-theo-nam) opens it.
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var section = target ? target.querySelector("details") || target.closest("details") : null;
    if (section) {
      section.open = true;
    }
  }

  function start() {
    if (phone.matches) {
      setAll(false);
    }
    openTarget();
  }

  window.addEventListener("beforeprint", function () {
    setAll(true);
  });
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
