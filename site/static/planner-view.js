// The plan as HTML for the planner page: heading, stage, timeline, checklist, guidance and drafts.
(function (av) {
  "use strict";
  var O = av.output, D = av.dates, esc = O.esc;

  // The whole plan, or (withoutDrafts) all but the drafts, which draftsHtml gives on their own.
  function planHtml(result, withoutDrafts) {
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
    if (!withoutDrafts) html.push(draftsHtml(result));
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

  av.page = { planHtml: planHtml, draftsHtml: draftsHtml };
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
