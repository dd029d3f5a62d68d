// Progressive enhancement only: the guide reads fine without it.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  // Copy buttons for message templates.
  document.querySelectorAll("button.copy").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      });
    });
  });

  // Client-side search over the prebuilt index (search-index.js).
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var index = window.AFTERVIEW_SEARCH || [];
  if (!input || !results) return;

  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    return index.filter(function (entry) {
      var text = (entry.t + " " + entry.x).toLowerCase();
      return terms.every(function (term) { return text.indexOf(term) !== -1; });
    }).sort(function (a, b) {
      var q = terms[0];
      return (b.t.toLowerCase().indexOf(q) !== -1) - (a.t.toLowerCase().indexOf(q) !== -1);
    }).slice(0, 12);
  }

  function show(query) {
    var found = search(query);
    results.textContent = "";
    if (!query.trim()) { results.hidden = true; return; }
    results.hidden = false;
    var heading = document.createElement("h2");
    heading.textContent = found.length ? "Search results" : "No pages match “" + query + "”";
    results.appendChild(heading);
    var list = document.createElement("ul");
    found.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.u;
      link.textContent = entry.t;
      item.appendChild(link);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  input.addEventListener("input", function () { show(input.value); });
  input.form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; show(initial); }
})();
