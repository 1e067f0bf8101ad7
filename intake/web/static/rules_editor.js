// The rules editor: CodeMirror (served from /static/vendor) with line numbers and YAML
// colouring over the plain textarea (which still works without scripts). Every reported
// problem marks its line; clicking a problem in the list jumps there.
(function () {
  var area = document.getElementById("rules-yaml");
  if (!area || !window.CodeMirror) { return; }
  var editor = window.CodeMirror.fromTextArea(area, {
    mode: "yaml",
    lineNumbers: true,
    indentUnit: 2,
    tabSize: 2,
    indentWithTabs: false,
    readOnly: area.hasAttribute("readonly"),
    gutters: ["CodeMirror-linenumbers", "rule-errors"],
    extraKeys: { Tab: function (cm) { cm.replaceSelection("  "); } }
  });
  window.rulesEditor = editor;

  function jump(line) {
    editor.setCursor({ line: line - 1, ch: 0 });
    editor.scrollIntoView({ line: line - 1, ch: 0 }, 120);
    editor.focus();
  }

  document.querySelectorAll("#rule-errors li[data-line]").forEach(function (item) {
    var line = parseInt(item.getAttribute("data-line"), 10);
    if (!(line >= 1 && line <= editor.lineCount())) { return; }
    editor.addLineClass(line - 1, "background", "rule-error-line");
    var marker = document.createElement("span");
    marker.className = "rule-error-marker";
    marker.textContent = "●";
    marker.title = item.textContent.trim();
    editor.setGutterMarker(line - 1, "rule-errors", marker);
    item.addEventListener("click", function (event) { event.preventDefault(); jump(line); });
  });
  var first = document.querySelector("#rule-errors li[data-line]");
  if (first) { jump(parseInt(first.getAttribute("data-line"), 10)); }
  document.getElementById("rules-form").addEventListener("submit", function () { editor.save(); });
})();
