// Progressive enhancement only: the guide reads fine without it. No requests leave the page.
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

  // "Fill in your own details": swap the sample names in the drafts for the visitor's, in the page only.
  var form = document.getElementById("fill-names");
  if (form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-sample]"));
    var parts = Array.prototype.slice.call(document.querySelectorAll(".draft-subject, .draft-text"));
    parts.forEach(function (part) { part.setAttribute("data-original", part.textContent); });
    var escapeRegExp = function (text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); };
    var fill = function () {
      var swaps = {};
      inputs.forEach(function (input) {
        var value = input.value.trim();
        if (!value) return;
        swaps[input.getAttribute("data-sample")] = value;
        // Drafts greet by the given name ("Dear Jane,"): the visitor's first word stands in for it.
        var given = input.getAttribute("data-sample-given");
        if (given) swaps[given] = value.split(/\s+/)[0];
      });
      // Longest first, so "Jane Doe" is replaced whole before "Jane" alone; whole words only.
      var names = Object.keys(swaps).sort(function (a, b) { return b.length - a.length; });
      var pattern = names.length ? new RegExp("\\b(?:" + names.map(escapeRegExp).join("|") + ")\\b", "g") : null;
      parts.forEach(function (part) {
        var text = part.getAttribute("data-original");
        part.textContent = pattern ? text.replace(pattern, function (m) { return swaps[m]; }) : text;
        var count = part.classList.contains("draft-text") && part.closest("figure").querySelector(".count");
        if (count) count.textContent = String(part.textContent.length);
      });
      try {
        inputs.forEach(function (input) { sessionStorage.setItem("afterview-" + input.name, input.value); });
      } catch (e) { /* storage refused (private mode): the form still works on this page */ }
    };
    try {
      inputs.forEach(function (input) { input.value = sessionStorage.getItem("afterview-" + input.name) || ""; });
    } catch (e) { /* no storage: start empty */ }
    inputs.forEach(function (input) { input.placeholder = input.getAttribute("data-sample"); });
    form.addEventListener("input", fill);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    fill();
  }

  // Search: lunr.js over the prebuilt documents in search-index.js, with stemming. Both load on first use
  // (or when the box gets focus), so no page waits for them to show its text.
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  if (!input || !results) return;
  var docs = [];
  var index = null;
  var waiting = [];
  var loading = false;

  function load(url, then) {
    var script = document.createElement("script");
    script.src = url;
    script.async = false;  // in the order asked for
    if (then) script.onload = then;
    document.head.appendChild(script);
  }

  function withIndex(callback) {
    if (callback) waiting.push(callback);
    if (index) { waiting.splice(0).forEach(function (fn) { fn(); }); return; }
    if (loading) return;
    loading = true;
    load(root + "search-index.js");
    load(root + "static/lunr.min.js", function () {
      docs = window.AFTERVIEW_SEARCH || [];
      index = window.lunr(function () {
        this.ref("i");
        this.field("t", { boost: 8 });
        this.field("x");
        this.metadataWhitelist = ["position"];
        var builder = this;
        docs.forEach(function (doc, i) { builder.add({ i: String(i), t: doc.t, x: doc.x }); });
      });
      waiting.splice(0).forEach(function (fn) { fn(); });
    });
  }

  function search(query) {
    var words = window.lunr.tokenizer(query).map(String).filter(Boolean);
    if (!words.length) return [];
    return index.query(function (q) {
      words.forEach(function (word) {
        q.term(word, { boost: 10 });  // stemmed: "salary" matches "salaries"
        // As you type: a partial word matches by prefix. The index holds stems ("negotiate" is "negoti"),
        // which a partial word need not start with ("negotiat"), so its first 70% is tried as well.
        var stem = word.slice(0, Math.max(3, Math.ceil(word.length * 0.7)));
        [word, stem].forEach(function (prefix) {
          q.term(prefix, { usePipeline: false, wildcard: window.lunr.Query.wildcard.TRAILING });
        });
      });
    }).slice(0, 12);
  }

  // Positions of the matched words in a field, from lunr's match metadata.
  function positions(result, field) {
    var found = [];
    var meta = result.matchData.metadata;
    Object.keys(meta).forEach(function (term) {
      ((meta[term][field] || {}).position || []).forEach(function (p) { found.push(p); });
    });
    return found.sort(function (a, b) { return a[0] - b[0]; });
  }

  // Text with <mark> around the matches, built as DOM nodes (never as HTML strings).
  function highlighted(text, spans, offset) {
    var fragment = document.createDocumentFragment();
    var at = 0;
    spans.forEach(function (span) {
      var start = span[0] - offset, end = start + span[1];
      if (start < at || end > text.length) return;
      while (end > start && /[^\p{L}\p{N}]/u.test(text[end - 1])) end--;  // lunr's token keeps its punctuation
      while (start < end && /[^\p{L}\p{N}]/u.test(text[start])) start++;
      fragment.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      fragment.appendChild(mark);
      at = end;
    });
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function snippet(doc, result) {
    var spans = positions(result, "x");
    var first = spans.length ? spans[0][0] : 0;
    var start = Math.max(0, doc.x.lastIndexOf(" ", Math.max(0, first - 60)) + 1);
    if (first - start > 80) start = first;
    var end = doc.x.indexOf(" ", Math.min(doc.x.length, start + 180));
    end = end === -1 ? doc.x.length : end;
    var paragraph = document.createElement("p");
    if (start > 0) paragraph.appendChild(document.createTextNode("… "));
    paragraph.appendChild(highlighted(doc.x.slice(start, end), spans.filter(function (s) {
      return s[0] >= start && s[0] + s[1] <= end;
    }), start));
    if (end < doc.x.length) paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  function show(query) {
    results.textContent = "";
    if (!query.trim()) { results.hidden = true; return; }
    var found = search(query);
    results.hidden = false;
    var heading = document.createElement("h2");
    heading.textContent = found.length ? "Search results" : "No pages match “" + query + "”";
    results.appendChild(heading);
    var list = document.createElement("ul");
    found.forEach(function (result) {
      var doc = docs[Number(result.ref)];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + doc.u;
      link.appendChild(highlighted(doc.t, positions(result, "t"), 0));
      item.appendChild(link);
      item.appendChild(snippet(doc, result));
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  input.addEventListener("focus", function () { withIndex(null); });
  input.addEventListener("input", function () { withIndex(function () { show(input.value); }); });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    withIndex(function () { show(input.value); });
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; withIndex(function () { show(initial); }); }
})();
