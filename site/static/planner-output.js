// What the planner page shows for a plan: the checklist, the timeline picture and a calendar file.
// The checklist follows afterview's checklist format; the picture is afterview.guide.svg's.
(function (av) {
  "use strict";
  var D = av.dates;
  var MARKS = { upcoming: "[ ]", open: "[ ]", overdue: "[!]", done: "[x]", skipped: "[-]", lapsed: "[~]", passed: "[.]" };
  // The guide's own timeline (afterview.guide.svg): a wide picture with labels beside the bars, and a narrow one
  // with each label on its own lines above its bar for phones; CSS shows one. Titles wrap, never cut.
  var ROW = 26, LABEL = 250, WIDTH = 720, WIDE_CHARS = 33, NARROW = 360, NARROW_ROW = 44, NARROW_CHARS = 46;
  var TICK_HALF_WIDTH = 22;

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // 'today, Tue 17 Nov', 'in 5 days, Sun 22 Nov', '2 days ago, ...' (afterview.text.dates.relative_day).
  function relativeDay(d, today) {
    var delta = Math.round((d - today) / D.DAY);
    var label = { 0: "today", 1: "tomorrow", "-1": "yesterday" }[delta];
    if (label === undefined) label = delta > 0 ? "in " + delta + " days" : -delta + " days ago";
    return label + ", " + D.day(d, new Date(d).getUTCFullYear() !== new Date(today).getUTCFullYear());
  }

  // The checklist's groups: [{day label, items: [{action, head, why}]}].
  function checklist(result) {
    var groups = [], today = D.dayOf(result.now.w);
    result.actions.forEach(function (a) {
      var d = D.dayOf(a.sortMoment.w), group = groups[groups.length - 1];
      if (!group || group.day !== d) groups.push(group = { day: d, label: relativeDay(d, today), items: [] });
      var head;
      if (a.rule.kind === "quiet") {
        head = a.rule.title + " (quiet period until " + (a.closes ? D.day(a.closes.w, false) : "?") + ")";
      } else {
        head = D.hhmm(a.due.w) + "  " + a.rule.title + (a.rule.kind === "milestone" ? " (milestone)" : "");
      }
      var lead = a.rule.kind === "quiet" ? "closes: " : "due: ";
      var why = a.explanation.filter(function (l) { return l.indexOf(lead) === 0; })[0] || null;
      if (a.status === "skipped" || a.status === "lapsed") why = a.explanation[a.explanation.length - 1];  // why it ended
      group.items.push({ action: a, mark: MARKS[a.status], head: head, why: why });
    });
    return groups;
  }

  function dayNumber(m, start) { return (m.w - start.w) / D.DAY; }

  function timeline(actions, start) {
    var shown = actions.filter(function (a) { return a.status !== "skipped"; });
    var furthest = shown.length ? -Infinity : 12;
    shown.forEach(function (a) { furthest = Math.max(furthest, dayNumber(a.closes || a.due, start)); });
    var last = Math.max(12, Math.trunc(furthest) + 2);
    var summary = esc(shown.map(function (a) { return a.rule.title + ": day " + Math.round(dayNumber(a.due, start)); })
      .join("; "));
    return picture(shown, start, last, summary, false) + picture(shown, start, last, summary, true);
  }

  function picture(shown, start, last, summary, narrow) {
    var width = narrow ? NARROW : WIDTH, left = narrow ? 24 : LABEL, scale = (width - left - 30) / last;
    var rows = shown.map(function (a) { return wrap(a.rule.title, narrow ? NARROW_CHARS : WIDE_CHARS); });
    var heights = rows.map(function (lines) { return narrow ? NARROW_ROW - 18 + 16 * lines.length : ROW + 14 * (lines.length - 1); });
    var height = heights.reduce(function (sum, h) { return sum + h; }, 0) + 34;
    var out = ['<svg class="timeline timeline-' + (narrow ? "narrow" : "wide") + '" viewBox="0 0 ' + width + " " + height +
      '" role="img" aria-label="' + summary + '" xmlns="http://www.w3.org/2000/svg">'];
    var step = last > 21 || (narrow && last > 14) ? 7 : last <= 7 ? 1 : 2;
    for (var tick = 0; tick <= last; tick += step) {
      var x = left + tick * scale, anchor = x + TICK_HALF_WIDTH > width ? "end" : x < TICK_HALF_WIDTH ? "start" : "middle";
      out.push('<line class="grid" x1="' + x.toFixed(1) + '" y1="0" x2="' + x.toFixed(1) + '" y2="' + (height - 20) + '"/>' +
        '<text class="tick" x="' + x.toFixed(1) + '" y="' + (height - 6) + '" text-anchor="' + anchor + '">day ' + tick + "</text>");
    }
    var y = 6;
    shown.forEach(function (a, i) {
      var lines = rows[i];
      lines.forEach(function (line, j) {
        out.push('<text class="label" x="' + (narrow ? 4 : 0) + '" y="' + (narrow ? y + 12 + 16 * j : y + 14 + 14 * j) + '">' +
          esc(line) + "</text>");
      });
      out.push(mark(a, start, left, scale, narrow ? y + 16 * lines.length : y + 7 * (lines.length - 1)));
      y += heights[i];
    });
    out.push("</svg>");
    return out.join("");
  }

  // Whole words on lines of at most 'limit' characters.
  function wrap(title, limit) {
    var lines = [];
    title.split(/\s+/).filter(Boolean).forEach(function (word) {
      if (lines.length && lines[lines.length - 1].length + 1 + word.length <= limit) lines[lines.length - 1] += " " + word;
      else lines.push(word);
    });
    return lines.length ? lines : [""];
  }

  function mark(a, start, left, scale, y) {
    function at(m) { return left + Math.max(dayNumber(m, start), 0) * scale; }
    var due = at(a.due), begin = a.opens ? at(a.opens) : due, end = a.closes ? at(a.closes) : due;
    var width = Math.max(end - begin, 2).toFixed(1);
    if (a.rule.kind === "quiet") {
      return '<rect class="quiet" x="' + begin.toFixed(1) + '" y="' + y + '" width="' + width + '" height="18" rx="3"/>';
    }
    if (a.rule.kind === "milestone") return '<path class="milestone" d="M' + due.toFixed(1) + " " + y + 'l9 9-9 9-9-9z"/>';
    return '<rect class="window" x="' + begin.toFixed(1) + '" y="' + (y + 5) + '" width="' + width +
      '" height="8" rx="4"/><circle class="due" cx="' + due.toFixed(1) + '" cy="' + (y + 9) + '" r="6"/>';
  }

  // --- iCalendar, in the order and folding icalendar writes, so a round trip gives the same bytes.
  var PRIORITIES = { 1: 1, 2: 3, 3: 5, 4: 7, 5: 9 };

  function icsText(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\n|\r/g, "\\n");
  }

  function fold(line) {
    var parts = [], current = "", bytes = 0;
    Array.from(line).forEach(function (ch) {
      var n = new TextEncoder().encode(ch).length;
      if (current && bytes + n >= 75) {
        if (current.length > 1 && (current.slice(-1) === "\\" || current.slice(-1) === "^")) {
          var carry = current.slice(-1);
          parts.push(current.slice(0, -1));
          current = carry;
          bytes = 1;
        } else {
          parts.push(current);
          current = "";
          bytes = 0;
        }
      }
      current += ch;
      bytes += n;
    });
    parts.push(current);
    return parts.join("\r\n ");
  }

  function utcStamp(u) {
    var d = new Date(u);
    return d.getUTCFullYear() + D.pad(d.getUTCMonth() + 1) + D.pad(d.getUTCDate()) + "T" + D.pad(d.getUTCHours()) +
      D.pad(d.getUTCMinutes()) + D.pad(d.getUTCSeconds()) + "Z";
  }

  function dateStamp(dayMs) { return D.isoDate(dayMs).replace(/-/g, ""); }

  // A stable, opaque UID: a 128-bit FNV-1a hash of the application and the rule (no name is readable in it).
  function uid(key) {
    var hex = "";
    [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x2f64a3b7].forEach(function (seed) {
      var h = seed >>> 0;
      for (var i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
      hex += ("0000000" + h.toString(16)).slice(-8);
    });
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" +
      hex.slice(20) + "@afterview";
  }

  function description(a) {
    var parts = a.drafts.map(function (d) {
      return (d.title || d.id) + ":\n" + (d.subject ? "Subject: " + d.subject + "\n" : "") + d.text;
    });
    var steps = a.explanation.filter(function (l) { return /^(opens|due|closes): /.test(l); });
    parts.push("How this date was worked out:\n" + steps.map(function (l) { return "- " + l; }).join("\n"));
    return parts.join("\n\n");
  }

  function ics(result, key) {
    var tz = result.facts.tz, company = result.facts.company;
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//afterview//afterview guide planner//EN",
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:After the interview"];
    var stamp = utcStamp(D.toUTC(tz, result.now.w, result.now.f));
    result.actions.forEach(function (a) {
      if (a.status === "skipped" || a.status === "done") return;  // done: no longer on the calendar
      var summary = company && a.summary.indexOf(company) === -1 ? a.summary + " (" + company + ")" : a.summary;
      var timed = a.rule.kind === "task" && a.rule.timing && a.rule.timing.at !== null;
      var props = [["SUMMARY", icsText(summary)]];
      if (timed) {
        props.push(["DTSTART", utcStamp(D.toUTC(tz, a.due.w, a.due.f))], ["DURATION", "PT30M"]);
      } else {
        var span = allDay(a);
        props.push(["DTSTART;VALUE=DATE", dateStamp(span[0])], ["DTEND;VALUE=DATE", dateStamp(span[1])]);
      }
      props.push(["DTSTAMP", stamp], ["UID", uid(key + "\u0000" + a.rule.id)], ["SEQUENCE", "0"],
        ["CATEGORIES", ["afterview", a.rule.kind].concat(a.rule.tags || []).map(icsText).join(",")],
        ["DESCRIPTION", icsText(description(a))], ["PRIORITY", String(PRIORITIES[a.rule.priority])]);
      if (!timed) props.push(["TRANSP", "TRANSPARENT"]);
      lines.push("BEGIN:VEVENT");
      props.forEach(function (p) { lines.push(fold(p[0] + ":" + p[1])); });
      if (a.rule.kind !== "quiet") {
        lines.push("BEGIN:VALARM", "ACTION:DISPLAY", fold("DESCRIPTION:" + icsText(summary)),
                   "TRIGGER:" + (timed ? "-PT30M" : "PT9H"), "END:VALARM");
      }
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.join("\r\n") + "\r\n";
  }

  // All-day start and exclusive end, as plugins/ics.py spans them.
  function allDay(a) {
    var start = D.dayOf((a.opens || a.due).w);
    if (a.rule.kind === "quiet" && a.closes) return [start, Math.max(D.dayOf(a.closes.w), start + D.DAY)];
    if (a.rule.kind === "milestone") return [D.dayOf(a.due.w), D.dayOf(a.due.w) + D.DAY];
    return [start, Math.max(D.dayOf((a.closes || a.due).w), start) + D.DAY];
  }

  av.output = { mark: function (status) { return MARKS[status]; }, checklist: checklist, timeline: timeline, ics: ics, relativeDay: relativeDay, esc: esc };
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
