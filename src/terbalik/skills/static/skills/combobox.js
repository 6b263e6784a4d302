/* Terbalik skills picker: progressive enhancement of <select multiple data-skill-combobox>.
   Without JavaScript the plain multi-select works. With it, the select stays in the form
   (hidden) and is driven by an ARIA 1.2 combobox: a text input (role=combobox) filtering a
   listbox of options by label and synonyms (case and accents ignored), chosen skills shown as
   removable chips, and a polite live region announcing results and changes.
   Keys: Down/Up move through the results, Enter picks, Escape closes, Backspace in an empty
   input removes the last chip. Translated texts come from the select's data-text-* attributes.
   Ours (no third-party code), MIT like the project. */
(function () {
  "use strict";
  var MAX_SHOWN = 40;
  var counter = 0;

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function fill(template, value) { return String(template || "").replace("%s", value); }

  function enhance(select) {
    if (select.dataset.enhanced) { return; }
    select.dataset.enhanced = "1";
    var n = ++counter;
    var text = select.dataset;
    var label = document.querySelector('label[for="' + select.id + '"]');
    var wrap = document.createElement("div");
    wrap.className = "skill-combobox";
    var chips = document.createElement("ul");
    chips.className = "skill-chips list-unstyled";
    chips.setAttribute("aria-label", text.textChosen || "");
    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id + "-search";
    input.className = "form-control";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var listId = "skill-listbox-" + n;
    input.setAttribute("aria-controls", listId);
    // the field's help text and error (core/form_fields.html ids) describe the combobox
    var described = (select.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ["_helptext", "_error"].forEach(function (suffix) {
      var id = select.id + suffix;
      if (document.getElementById(id) && described.indexOf(id) === -1) { described.push(id); }
    });
    described = described.join(" ");
    if (described) { input.setAttribute("aria-describedby", described); }
    if (document.getElementById(select.id + "_error")) { input.setAttribute("aria-invalid", "true"); }
    input.placeholder = text.textPlaceholder || "";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "skill-listbox list-unstyled";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    if (label) {
      label.htmlFor = input.id;
      label.id = label.id || select.id + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("role", "status");

    var options = Array.prototype.map.call(select.options, function (o) {
      return { option: o, label: o.textContent,
               hay: fold(o.textContent + " | " + (o.dataset.terms || "")) };
    });
    options.forEach(function (item) {
      item.compact = item.hay.replace(/ /g, "");
    });
    var shown = [];
    var active = -1;
    // chips in the order they were picked (those chosen before the page loaded first)
    var order = options.filter(function (item) { return item.option.selected; });

    // what listens to the form (the surveys' autosave) hears a pick or a removal
    function changed() { select.dispatchEvent(new Event("change", { bubbles: true })); }

    function unpick(item) {
      item.option.selected = false;
      order = order.filter(function (other) { return other !== item; });
      renderChips();
      say(fill(text.textRemoved, item.label));
      changed();
    }

    function say(message) { live.textContent = message; }

    function renderChips() {
      chips.textContent = "";
      order.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "skill-chip";
        var span = document.createElement("span");
        span.textContent = item.label;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-sm";
        remove.setAttribute("aria-label", fill(text.textRemove, item.label));
        remove.addEventListener("click", function () {
          unpick(item);
          input.focus();
        });
        li.appendChild(span);
        li.appendChild(remove);
        chips.appendChild(li);
      });
      chips.hidden = !chips.children.length;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var items = list.querySelectorAll('[role="option"]');
      items.forEach(function (el, i) { el.classList.toggle("active", i === index); });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function search() {
      var query = fold(input.value);
      var compact = query.replace(/ /g, "");
      list.textContent = "";
      shown = !query ? [] : options.filter(function (item) {
        return !item.option.selected && (item.hay.indexOf(query) !== -1 ||
                                         item.compact.indexOf(compact) !== -1);
      }).slice(0, MAX_SHOWN);
      shown.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "skill-option";
        li.textContent = item.label;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { pick(i); });
        list.appendChild(li);
      });
      if (!query) { close(); return; }
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "skill-option text-body-secondary";
        none.textContent = text.textNone || "";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(shown.length ? 0 : -1);
      say(shown.length ? fill(text.textCount, shown.length) : (text.textNone || ""));
    }

    function pick(index) {
      var item = shown[index];
      if (!item) { return; }
      item.option.selected = true;
      order.push(item);
      input.value = "";
      close();
      renderChips();
      say(fill(text.textAdded, item.label));
      changed();
      input.focus();
    }

    input.addEventListener("input", search);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { search(); } else if (shown.length) { setActive((active + 1) % shown.length); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (shown.length) { setActive(active <= 0 ? shown.length - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (!list.hidden) { event.preventDefault(); if (active >= 0) { pick(active); } }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Backspace" && !input.value) {
        if (order.length) { unpick(order[order.length - 1]); }
      }
    });
    input.addEventListener("blur", close);

    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(chips);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(live);
    wrap.appendChild(select);
    renderChips();
    wrap.dataset.ready = "1";
  }

  function ready() {
    document.querySelectorAll("select[multiple][data-skill-combobox]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
