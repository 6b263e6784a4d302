/* Terbalik's small page behaviours, kept out of the HTML so the Content-Security-Policy can
   forbid inline script and inline style:
   - data-width="42" / data-height="120" set an element's size (percent / pixels) through the
     CSSOM, which CSP allows (style="" attributes are blocked);
   - <form data-confirm="Question?"> asks before submitting;
   - <button data-print> prints the page;
   - an element with data-focus-on-load gets the keyboard focus (e.g. an error summary). */
(function () {
  "use strict";

  function applySizes(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = Number(el.dataset.width) + "%";
    });
    root.querySelectorAll("[data-height]").forEach(function (el) {
      el.style.height = Number(el.dataset.height) + "px";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });

  function ready() {
    applySizes(document);
    var focus = document.querySelector("[data-focus-on-load]");
    if (focus) { focus.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  // Content swapped in by HTMX (e.g. the matching progress) gets its sizes too.
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) { applySizes(event.target.parentNode || event.target); }
  });
})();
