// The desk's small helpers: the explanation editor (Markdown toolbar, live preview, autosave
// on the verdict and correction forms), confirmation before publishing, and the queue's keyboard shortcuts.
// Everything works without this file; it only saves keystrokes and work.
(function () {
  "use strict";

  function confirmations() {
    document.querySelectorAll("button[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  function wrap(area, mark) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    var chosen = text.slice(start, end);
    var insert;
    if (mark === "link") insert = "[" + (chosen || "…") + "](https://)";
    else if (mark === "- " || mark === "> ") {
      insert = (chosen || "").split("\n").map(function (line) { return mark + line; }).join("\n");
      if (start > 0 && text[start - 1] !== "\n") insert = "\n" + insert;
    } else insert = mark + (chosen || "…") + mark;
    area.setRangeText(insert, start, end, "end");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // The explanation's editor on the verdict and correction forms (saved as they are typed:
  // data-autosave), or only previewed where a form says data-preview. Either way the server
  // answers with the preview, sanitised by nh3.
  function editor(form) {
    var area = form.querySelector("#explanation");
    var preview = document.getElementById("explanation-preview");
    var status = document.getElementById("autosave-status");
    var url = form.getAttribute("data-autosave") || form.getAttribute("data-preview");
    var toolbar = form.querySelector(".toolbar");
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.querySelectorAll("button[data-md]").forEach(function (button) {
        button.addEventListener("click", function () { wrap(area, button.getAttribute("data-md")); });
      });
    }
    function tell(text) { if (status) status.textContent = text; }
    var timer = null, pending = null, sending = false, stale = false, submitting = false;
    function save() {
      if (stale) return;  // saved elsewhere since this page opened: the editor must reload
      if (sending) { pending = true; return; }
      sending = true; pending = false;
      tell(form.getAttribute("data-saving") || "…");
      fetch(url, {
        method: "POST", body: new FormData(form), credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (answer) {
        if (answer.ok) {
          tell(answer.body.saved || "");
          if (form.elements.opened && answer.body.saved_at) form.elements.opened.value = answer.body.saved_at;
          preview.innerHTML = answer.body.preview;  // sanitised by the server (nh3)
        } else {
          stale = answer.body.code === "draft_changed";
          tell((form.getAttribute("data-not-saved") || "") + " " + answer.body.error);
        }
      }).catch(function () {
        tell(form.getAttribute("data-not-saved") || "");
      }).finally(function () {
        sending = false;
        if (pending) save();
        else if (submitting) form.submit();  // sent once the form knows its own last save
      });
    }
    if (form.hasAttribute("data-autosave")) {
      form.addEventListener("submit", function (event) {
        clearTimeout(timer);
        if (sending) { event.preventDefault(); submitting = true; }
      });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 600);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 100);
    });
  }

  function editors() {
    document.querySelectorAll("form[data-autosave], form[data-preview]").forEach(editor);
  }

  function queueKeys() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr[data-href]"));
    if (!rows.length) return;
    var current = -1;
    function select(index) {
      if (current >= 0) rows[current].classList.remove("current");
      current = Math.max(0, Math.min(rows.length - 1, index));
      rows[current].classList.add("current");
      rows[current].scrollIntoView({ block: "nearest" });
      var link = rows[current].querySelector("a");
      if (link) link.focus();
    }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "checkbox";
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j") { select(current + 1); event.preventDefault(); }
      else if (event.key === "k") { select(current - 1); event.preventDefault(); }
      else if (event.key === "x" && current >= 0) {
        var box = rows[current].querySelector("input[type=checkbox]");
        if (box) { box.checked = !box.checked; event.preventDefault(); }
      } else if (event.key === "Enter" && current >= 0 && target.tagName !== "A" && target.tagName !== "BUTTON") {
        window.location.href = rows[current].getAttribute("data-href");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    confirmations();
    editors();
    queueKeys();
  });
})();
