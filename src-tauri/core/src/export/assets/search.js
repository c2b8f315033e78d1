// Passerelle HTML export: offline search. Loads the index parts (search/part-N.js, each
// calling passerelleSearch.add) one by one, then lists matching messages. Results are built
// with textContent only: nothing from a message is ever parsed as HTML.
"use strict";
(function () {
  var entries = [];
  var loaded = 0;
  window.passerelleSearch = { add: function (part) { entries = entries.concat(part); } };
  var box = document.getElementById("q");
  var list = document.getElementById("results");
  var state = document.getElementById("state");
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f\u200b-\u200d\u2060\ufeff\ufe0f]/g, "").toLowerCase();
  }
  function loadNext() {
    var total = window.passerelleSearchParts || 0;
    if (loaded >= total) { state.textContent = state.dataset.ready; box.disabled = false; run(); return; }
    loaded += 1;
    var script = document.createElement("script");
    script.src = "search/part-" + loaded + ".js";
    script.onload = loadNext;
    script.onerror = loadNext;
    document.head.appendChild(script);
  }
  function run() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) return;
    var shown = 0;
    for (var i = entries.length - 1; i >= 0 && shown < 200; i--) {
      var e = entries[i];
      var text = fold(e[4]);
      if (!words.every(function (w) { return text.indexOf(w) >= 0; })) continue;
      var a = document.createElement("a");
      a.className = "hit";
      a.href = e[0] + "#" + e[1];
      var meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = e[2] + " · " + e[3];
      var body = document.createElement("div");
      body.textContent = e[4];
      a.appendChild(meta);
      a.appendChild(body);
      list.appendChild(a);
      shown++;
    }
    if (!shown) { var p = document.createElement("p"); p.textContent = state.dataset.none; list.appendChild(p); }
  }
  box.addEventListener("input", run);
  var preset = new URLSearchParams(location.search).get("q");
  if (preset) box.value = preset;
  loadNext();
})();
