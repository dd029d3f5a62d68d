// The "Plan my follow-up" page: the form, kept in the URL fragment, and the plan drawn from it.
// Nothing leaves the page: the plan programs and holiday tables come with it (plan-data.js, loaded first).
(function (av) {
  "use strict";
  var form = document.getElementById("planner");
  var out = document.getElementById("plan");
  var data = window.afterviewPlanData;
  if (!form || !out || !data) return;
  var O = av.output, D = av.dates, esc = O.esc;
  var people = document.getElementById("p-interviewers"), happened = document.getElementById("p-events");
  var rows = 0, url = null, programs = {}, drawn = 0;

  function field(label, name, value, type, wrapper) {
    var id = "p-" + name + "-" + (rows += 1);
    return "<div" + (wrapper || "") + '><label for="' + id + '">' + label + '</label><input id="' + id + '" data-k="' + name + '" type="' +
      (type || "text") + '" value="' + esc(value || "") + '"></div>';
  }

  function removeButton(what) { return '<div><button type="button" class="planner-remove">Remove ' + what + "</button></div>"; }

  function addPerson(values) {
    var row = document.createElement("div");
    row.className = "planner-person";
    row.innerHTML = field("Name", "iname", values[0]) + field("Email", "iemail", values[1], "email") +
      field("A topic you discussed", "itopic", values[2]) + removeButton("this interviewer");
    people.appendChild(row);
  }

  // An event row; 'done' names the step done, a new round may say when the next interview starts.
  function addEvent(values) {
    var row = document.createElement("div"), id = "p-etype-" + (rows += 1), ruleId = "p-erule-" + rows;
    row.className = "planner-event";
    var options = Object.keys(data.events).map(function (type) {
      return '<option value="' + type + '"' + (type === values[0] ? " selected" : "") + ">" + type.replace(/_/g, " ") +
        "</option>";
    }).join("");
    var steps = stepChoices().map(function (r) {
      return '<option value="' + r.id + '"' + (r.id === values[3] ? " selected" : "") + ">" + esc(r.title) + "</option>";
    }).join("");
    row.innerHTML = '<div><label for="' + id + '">What happened</label><select id="' + id + '" data-k="etype">' +
      options + "</select></div>" + field("On", "edate", values[1], "date") + field("At", "etime", values[2], "time") +
      '<div data-for="done"><label for="' + ruleId + '">Which step</label><select id="' + ruleId +
      '" data-k="erule">' + steps + "</select></div>" +
      field("Next interview on", "enext", values[4], "date", ' data-for="next_round_scheduled"') +
      removeButton("this event");
    happened.appendChild(row);
    showEventFields(row);
  }

  function stepChoices() {
    var name = data.programs[programName()] ? programName() : Object.keys(data.programs)[0];
    return program(name).rules
      .filter(function (r) { return r.kind === "task"; })
      .sort(function (a, b) { return a.position - b.position; });
  }

  function showEventFields(row) {
    var type = row.querySelector('[data-k="etype"]').value;
    row.querySelectorAll("[data-for]").forEach(function (box) { box.hidden = box.getAttribute("data-for") !== type; });
  }

  function value(name) {
    var el = form.elements[name];
    return el ? String(el.value || "").trim() : "";
  }

  function rowValues(container, keys) {
    return Array.prototype.map.call(container.children, function (row) {
      return keys.map(function (k) { return row.querySelector('[data-k="' + k + '"]').value.trim(); });
    });
  }

  var EVENT_KEYS = ["etype", "edate", "etime", "erule", "enext"];
  var KEYS = ["date", "time", "minutes", "tz", "country", "industry", "company", "role", "name", "said", "by",
              "within", "unit"];

  function state() {
    var params = new URLSearchParams();
    KEYS.forEach(function (k) { if (value(k)) params.set(k, value(k)); });
    rowValues(people, ["iname", "iemail", "itopic"]).forEach(function (v) { params.append("i", v.join("|")); });
    rowValues(happened, EVENT_KEYS).forEach(function (v) { params.append("e", v.join("|")); });
    return params;
  }

  function restore(params) {
    KEYS.forEach(function (k) {
      if (!params.has(k)) return;
      var el = form.elements[k];
      if (el && el.length !== undefined && el.tagName === undefined) {
        Array.prototype.forEach.call(el, function (r) { r.checked = r.value === params.get(k); });
      } else if (el) {
        el.value = params.get(k);
      }
    });
    if (params.has("i")) people.textContent = "";  // the page's own empty row gives way to the saved ones
    params.getAll("i").forEach(function (v) { addPerson(v.split("|")); });
    params.getAll("e").forEach(function (v) { addEvent(v.split("|")); });
  }

  // The form as a facts file (the shape afterview plan reads).
  function facts() {
    var start = value("date") + "T" + (value("time") || "09:00");
    var raw = { timezone: value("tz"), country: value("country"), interview: { start: start } };
    var minutes = parseInt(value("minutes"), 10);
    var begin = av.facts.parseMoment(start, raw.timezone);
    if (minutes > 0 && minutes !== 60 && begin) {
      raw.interview.end = D.isoMoment(raw.timezone, { w: begin.w + minutes * 60000, f: 0 }).slice(0, 16);
    }
    ["company", "role", "industry"].forEach(function (k) { if (value(k)) raw[k] = value(k); });
    if (value("name")) raw.candidate = { name: value("name") };
    var said = value("said");
    if (said === "by" && value("by")) raw.decision = { by: value("by") };
    if (said === "within" && value("within")) raw.decision = { within: value("within") + " " + value("unit") };
    var list = rowValues(people, ["iname", "iemail", "itopic"]).filter(function (v) { return v[0]; });
    if (list.length) {
      raw.interview.interviewers = list.map(function (v) {
        var person = { name: v[0] };
        if (v[1]) person.email = v[1];
        if (v[2]) person.topics = [v[2]];
        return person;
      });
    }
    var events = rowValues(happened, EVENT_KEYS).filter(function (v) { return v[1]; });
    if (events.length) {
      raw.events = events.map(function (v) {
        var event = { type: v[0], at: v[2] ? v[1] + "T" + v[2] : v[1] };
        if (v[0] === "done") event.rule = v[3];
        if (v[0] === "next_round_scheduled" && v[4]) event.interview = v[4] + "T" + (value("time") || "09:00");
        return event;
      });
    }
    return raw;
  }

  // A program expanded from the bundle once, as the evaluator only reads it.
  function program(name) {
    if (!programs[name]) programs[name] = av.program(data, name);
    return programs[name];
  }

  // The layers afterview plan would pick for this country and industry (see planner_data.py).
  function programName() {
    var byIndustry = data.choose[value("country")] || data.choose[Object.keys(data.choose)[0]];
    return byIndustry[value("industry")] || byIndustry[""];
  }

  function nowText() {
    var fixed = new URLSearchParams(location.hash.slice(1)).get("now");
    return fixed || new Date().toISOString().slice(0, 19) + "Z";  // whole seconds: what the facts parser reads
  }

  // The plan for the form as it stands (and the address updated to match): {result, source}, {error} or {note}.
  function compute() {
    var params = state();
    var fixed = new URLSearchParams(location.hash.slice(1)).get("now");
    if (fixed) params.set("now", fixed);
    history.replaceState(null, "", "#" + params.toString());
    if (!value("date")) return { note: "Enter the interview date to see your plan." };
    try {
      var raw = facts();
      var result = av.plan(program(programName()), raw, nowText(), data.holidays, data.events);
      return { result: result, source: JSON.stringify(raw) };
    } catch (error) {
      var message = String(error.message || error);
      if (message.indexOf("no holiday table") === 0) {
        message = "This guide knows public holidays for " + data.years[0] + " to " + data.years[1] +
          " only, so it cannot date a plan that reaches beyond them (" + message + ").";
      }
      return { error: message };
    }
  }

  // staged: the drafts in a task of their own after the rest (the first plan, so no task holds up the page long).
  function draw(planned, staged) {
    var mine = (drawn += 1);
    if (planned.note) out.innerHTML = '<p class="planner-note">' + esc(planned.note) + "</p>";
    else if (planned.error) out.innerHTML = '<p class="planner-error" role="alert">' + esc(planned.error) + "</p>";
    else {
      out.innerHTML = av.page.planHtml(planned.result, staged);
      attachDownload(planned.result, planned.source);
      if (!staged) attachCopy();
      else {
        setTimeout(function () {
          if (drawn !== mine) return;
          out.insertAdjacentHTML("beforeend", av.page.draftsHtml(planned.result));
          attachCopy();
        }, 0);
      }
    }
  }

  function render() {
    var started = performance.now();
    draw(compute());
    av.lastRenderMs = performance.now() - started;
  }

  // The first plan in three tasks (work it out, show it, add the drafts), so none holds up the page for long;
  // an input in between draws its own plan, and the first one is dropped.
  function firstRender() {
    var before = drawn, planned = compute();
    setTimeout(function () { if (drawn === before) draw(planned, true); }, 0);
  }

  function attachDownload(result, source) {
    var link = document.getElementById("p-ics");
    // The calendar file is made when it is about to be wanted, not on every keystroke: it costs more than the plan.
    function prepare() {
      if (link.href.indexOf("blob:") === 0) return;
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([O.ics(result, source)], { type: "text/calendar" }));
      link.href = url;
    }
    ["pointerdown", "focus", "click"].forEach(function (type) { link.addEventListener(type, prepare); });
  }

  function attachCopy() {
    out.querySelectorAll("button.copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = document.getElementById(button.getAttribute("data-copy")).textContent;
        if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; });
      });
    });
  }

  function init() {
    // The zone list (~400 names) is filled when first wanted: it is not needed to draw the plan.
    form.elements.tz.addEventListener("focus", function () {
      var list = document.getElementById("p-zones");
      if (list.children.length || typeof Intl.supportedValuesOf !== "function") return;
      list.innerHTML = Intl.supportedValuesOf("timeZone").map(function (z) { return '<option value="' + z + '">'; }).join("");
    });
    // The page itself fills in the browser's timezone and today's date before it paints (planner.html).
    if (!form.elements.tz.value) form.elements.tz.value = data["default"].timezone || "UTC";
    form.elements.country.value = data["default"].country;
    var params = new URLSearchParams(location.hash.slice(1));
    if (!params.has("date")) form.elements.date.value = new Date().toISOString().slice(0, 10);
    restore(params);
    if (!people.children.length) addPerson([]);
    form.addEventListener("input", render);
    form.addEventListener("change", function (e) {
      if (e.target.getAttribute("data-k") === "etype") showEventFields(e.target.closest(".planner-event"));
      render();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
    form.addEventListener("click", function (e) {
      if (e.target.classList.contains("planner-remove")) { e.target.closest("div[class]").remove(); render(); }
    });
    document.getElementById("p-add-interviewer").addEventListener("click", function () { addPerson([]); });
    document.getElementById("p-add-event").addEventListener("click", function () {
      addEvent(["thank_you_sent", new Date().toISOString().slice(0, 10), ""]);
      render();
    });
    setTimeout(firstRender, 0);  // its own task, after the form is shown
  }

  av.render = render;
  init();
})(window.afterviewPlanner);
