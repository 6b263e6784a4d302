/* Survey builder: after HTMX replaces the question list, the keyboard focus returns to the
   control that was used (or to the status line when that control is gone or disabled). */
(function () {
  "use strict";
  var last = null;
  document.body.addEventListener("htmx:beforeRequest", function () {
    last = document.activeElement && document.activeElement.id;
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    var target = last && document.getElementById(last);
    if (!target || target.disabled) { target = document.getElementById("question-status"); }
    if (target) { target.focus(); }
  });
})();
