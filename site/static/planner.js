// The "Plan my follow-up" page: the form, kept in the URL fragment, and the plan drawn from it.
// Nothing leaves the page: the plan programs and holiday tables are inline (#plan-data).
(function (av) {
  "use strict";
  var form = document.getElementById("planner");
  var out = document.getElementById("plan");
  if (!form || !out) return;
  var data = JSON.parse(document.getElementById("plan-data").textContent);
  var O = av.output, D = av.dates, esc = O.esc;
  var people = document.getElementById("p-interviewers"), happened = document.getElementById("p-events");
  var rows = 0, url = null;

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
    return av.program(data, name).rules
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

  // The layers afterview plan would pick for this country and industry (see planner_data.py).
  function programName() {
    var byIndustry = data.choose[value("country")] || data.choose[Object.keys(data.choose)[0]];
    return byIndustry[value("industry")] || byIndustry[""];
  }

  function nowText() {
    var fixed = new URLSearchParams(location.hash.slice(1)).get("now");
    return fixed || new Date().toISOString();
  }

  function render() {
    var started = performance.now();
    var params = state();
    var fixed = new URLSearchParams(location.hash.slice(1)).get("now");
    if (fixed) params.set("now", fixed);
    history.replaceState(null, "", "#" + params.toString());
    if (!value("date")) { out.innerHTML = '<p class="planner-note">Enter the interview date to see your plan.</p>'; return; }
    var result;
    try {
      var program = av.program(data, programName());
      result = av.plan(program, facts(), nowText(), data.holidays, data.events);
    } catch (error) {
      var message = String(error.message || error);
      if (message.indexOf("no holiday table") === 0) {
        message = "This guide knows public holidays for " + data.years[0] + " to " + data.years[1] +
          " only, so it cannot date a plan that reaches beyond them (" + message + ").";
      }
      out.innerHTML = '<p class="planner-error" role="alert">' + esc(message) + "</p>";
      return;
    }
    out.innerHTML = planHtml(result);
    attach(result);
    av.lastRenderMs = performance.now() - started;
  }

  function planHtml(result) {
    var f = result.facts, who = [f.company, f.role].filter(Boolean).join(" — ") || "Your interview";
    var html = ["<h2>" + esc(who) + "</h2>", '<p class="planner-note">Interview ' + esc(D.moment(f.start)) + " (" +
      esc(f.tz) + "); planned " + esc(D.moment(result.now)) + ".</p>"];
    var moved = result.stage.event;
    if (moved) {
      html.push('<p class="planner-stage">Stage: ' + esc(result.stage.stage.title) + " (" + esc(moved.type) + " recorded " +
        esc(D.moment(moved.at)) + ")" + (result.round ? "; round " + result.round : "") + "</p>");
    }
    html.push('<figure class="picture">' + O.timeline(result.actions, f.end) + "<figcaption>Your plan in days after " +
      "the interview: bars are windows, dots are due dates, the pale band is the quiet period, diamonds are " +
      "milestones.</figcaption></figure>");
    html.push('<div class="planner-actions"><a class="planner-download" id="p-ics" download="after-the-interview.ics" ' +
      'href="#">Download a calendar file (.ics)</a></div>');
    O.checklist(result).forEach(function (group) {
      html.push('<h3 class="planner-day">' + esc(group.label) + '</h3><ul class="planner-list">');
      group.items.forEach(function (item) {
        var a = item.action;
        html.push('<li data-rule="' + a.rule.id + '" data-status="' + a.status + '" data-due="' +
          esc(D.isoMoment(f.tz, a.due)) + '"><span class="planner-head">' + esc(item.mark + " " + item.head + " — " +
          a.status) + "</span>" + (item.why ? '<span class="planner-why">' + esc(item.why) + "</span>" : "") + "</li>");
      });
      html.push("</ul>");
    });
    if (result.guidance.length) {
      html.push("<h3>Without a date</h3><ul>" + result.guidance.map(function (g) {
        return "<li>" + esc(g.rule.title) + "</li>";
      }).join("") + "</ul>");
    }
    if (result.conditional.length) {
      html.push("<h3>If things change</h3><ul>" + result.conditional.map(function (g) {
        return "<li>" + esc(g.condition) + ": " + esc(g.rule.title) + "</li>";
      }).join("") + "</ul>");
    }
    if (result.earlier.length) {
      html.push("<details><summary>Earlier rounds (" + result.earlier.length + " steps)</summary><ul>" +
        result.earlier.map(function (a) {
          return "<li>" + esc(O.mark(a.status) + " " + D.day(a.due.w) + " " + a.rule.title + " — " + a.status) + "</li>";
        }).join("") + "</ul></details>");
    }
    html.push(draftsHtml(result));
    return html.join("");
  }

  function draftsHtml(result) {
    var emails = {}, html = [];
    result.facts.interviewers.forEach(function (i) { if (i.email) emails[i.name] = i.email; });
    result.actions.forEach(function (a) {
      if (a.status === "skipped" || a.status === "done") return;
      a.drafts.forEach(function (d) {
        var id = "draft-" + a.rule.id + "-" + d.id;
        var text = (d.subject ? "Subject: " + d.subject + "\n\n" : "") + d.text;
        var email = (d.to && emails[d.to]) || "";
        var mail = d.channel === "email" ? '<a href="mailto:' + encodeURIComponent(email) + "?subject=" +
          encodeURIComponent(d.subject || "") + "&amp;body=" + encodeURIComponent(d.text) + '">Open in your email app</a>' : "";
        html.push('<figure class="draft"><figcaption>' + esc(a.rule.title) + ": " + esc(d.title || d.id) +
          (d.to ? " for " + esc(d.to) : "") +
          (d.max_chars ? ' <span class="limit">(' + d.text.length + " of " + d.max_chars + " characters)</span>" : "") +
          '</figcaption><pre id="' + id + '">' + esc(text) + '</pre><div class="planner-actions">' +
          '<button type="button" class="copy" data-copy="' + id + '">Copy</button>' + mail + "</div></figure>");
      });
    });
    return html.length ? "<h2>Drafts</h2>" + html.join("") : "";
  }

  function attach(result) {
    var link = document.getElementById("p-ics");
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([O.ics(result, JSON.stringify(facts()))], { type: "text/calendar" }));
    link.href = url;
    out.querySelectorAll("button.copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = document.getElementById(button.getAttribute("data-copy")).textContent;
        if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; });
      });
    });
  }

  function init() {
    var zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    document.getElementById("p-zones").innerHTML = zones.map(function (z) { return '<option value="' + z + '">'; }).join("");
    form.elements.tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || data["default"].timezone || "UTC";
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
    render();
  }

  av.render = render;
  init();
})(window.afterviewPlanner);
