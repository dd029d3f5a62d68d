// Runs a plan program (afterview.planning.program) on facts and a moment: the same plan, words and
// drafts as afterview's plan(ruleset, facts, now). Table-driven: anchors, point forms, condition
// forms and status rows are lookups, so new program forms are new table entries.
(function (av) {
  "use strict";
  var D = av.dates, F = av.facts, T = av.templates;
  var HOUR = 3600000;

  function waiting(event) { return { value: null, text: event + " not recorded yet", waiting: event }; }
  function absent(reason) { return { value: null, text: reason, missing: reason }; }
  function resolved(value, text, base) { return { value: value, text: text, base: base || null }; }

  function Context(program, facts, tables, events) {
    this.program = program;
    this.facts = facts;
    this.tz = facts.tz;
    this.events = events;
    var cal = program.calendar, table = tables[facts.country];
    this.calendar = new D.Calendar(facts.country, cal.weekend !== null ? cal.weekend : table.weekend, cal, tables);
    this.outcomes = {};
  }

  var ANCHORS = {
    "interview.start": function (ctx) {
      return resolved(ctx.facts.start, "interview start (" + D.moment(ctx.facts.start) + ")");
    },
    "interview.end": function (ctx) {
      return resolved(ctx.facts.end, "interview end (" + D.moment(ctx.facts.end) + ")");
    },
    "decision.by": function (ctx) {
      var by = ctx.facts.decisionBy;
      if (by === null) return absent("no decision date was stated");
      return resolved(D.local(ctx.tz, by, 17 * HOUR, 0), "stated decision date (" + decisionWords(ctx) + ")");
    },
    event: function (ctx, type) {
      var e = ctx.facts.latest[type];
      return e ? resolved(e.at, e.type + " (" + D.moment(e.at) + ")") : waiting(type);
    },
    rule: function (ctx, id, point) {
      var outcome = ctx.outcomes[id];
      var found = outcome && outcome[point];
      if (!outcome || !outcome.matched || outcome.reason || !found) return absent("rule " + id + " does not apply");
      if (found.value === null) return found;
      return resolved(found.value, id + " " + point + " (" + D.moment(found.value) + ")");
    }
  };

  // 'Thu 3 Dec 2026', with the working when the date was stated as 'within N' (reference.decision_words).
  function decisionWords(ctx) {
    var f = ctx.facts, words = D.day(f.decisionBy), within = f.decisionWithin;
    if (!within) return words;
    words += ": within " + F.describeOffset(within.offset) + " of the interview end (" + D.day(within.since) + ")";
    if (within.offset.unit === "bd") {
      var skipped = ctx.calendar.addBusinessDays(within.since, within.offset.amount)[1];
      words += " in " + ctx.calendar.name + (skipped.length ? ", skipping " + D.describeSkipped(skipped) : "");
    }
    return words;
  }

  // The facts with 'decision within N business days' counted on the ruleset's calendar (reference.stated_decision).
  function statedDecision(program, facts, tables) {
    var within = facts.decisionWithin;
    if (!within || within.offset.unit !== "bd") return facts;
    var day = new Context(program, facts, tables, {}).calendar.addBusinessDays(within.since, within.offset.amount)[0];
    return day === facts.decisionBy ? facts : Object.assign({}, facts, { decisionBy: day });
  }

  Context.prototype.anchor = function (name) {
    if (ANCHORS[name]) return ANCHORS[name](this);
    var parts = name.split(".");
    if (parts[0] === "event") return ANCHORS.event(this, name.slice(6));
    return ANCHORS.rule(this, parts[1], parts[2]);
  };

  // Offsets by unit: [moment, words]. Hours are absolute time; the others keep the time of day.
  var SHIFTS = {
    h: function (ctx, base, o) {
      return [D.fromUTC(ctx.tz, D.toUTC(ctx.tz, base.w, base.f) + o.amount * HOUR), ""];
    },
    bd: function (ctx, base, o) {
      var r = ctx.calendar.addBusinessDays(D.dayOf(base.w), o.amount);
      var words = " in " + ctx.calendar.name + (r[1].length ? ", skipping " + D.describeSkipped(r[1]) : "");
      return [D.local(ctx.tz, r[0], D.timeOf(base.w), base.f), words];
    },
    d: function (ctx, base, o) {
      return [D.local(ctx.tz, D.dayOf(base.w) + o.amount * D.DAY, D.timeOf(base.w), base.f), ""];
    },
    w: function (ctx, base, o) {
      return [D.local(ctx.tz, D.dayOf(base.w) + o.amount * 7 * D.DAY, D.timeOf(base.w), base.f), ""];
    }
  };

  var POINTS = {
    anchor: function (ctx, p) {
      var base = ctx.anchor(p.anchor);
      if (base.value === null) return base;
      if (!p.offset) return resolved(base.value, base.text, base.value);
      var shifted = SHIFTS[p.offset.unit](ctx, base.value, p.offset);
      var sign = p.offset.amount >= 0 ? "+" : "-";
      return resolved(shifted[0], base.text + " " + sign + " " + p.offset.words + shifted[1] + " → " +
        D.moment(shifted[0]), base.value);
    },
    fraction: function (ctx, p) {
      var a = ctx.anchor(p.from), b = ctx.anchor(p.to);
      if (a.value === null) return a;
      if (b.value === null) return b;
      var ua = D.toUTC(ctx.tz, a.value.w, a.value.f), ub = D.toUTC(ctx.tz, b.value.w, b.value.f);
      var exact = ua + Math.round((ub - ua) * 1000 * p.fraction) / 1000;
      var value = D.fromUTC(ctx.tz, Math.floor((exact + 30000) / 60000) * 60000);
      return resolved(value, p.percent + " of the way from " + a.text + " to " + b.text + " → " + D.moment(value),
        a.value);
    },
    first_of: function (ctx, p) {
      var passed = [];
      for (var i = 0; i < p.first_of.length; i++) {
        var r = resolve(ctx, p.first_of[i]);
        if (r.value !== null) {
          if (!passed.length) return r;
          return resolved(r.value, r.text + " (first that applies; " + texts(passed) + ")", r.base);
        }
        passed.push(r);
      }
      return passed.filter(function (x) { return x.waiting; })[0] || absent(texts(passed));
    },
    when: function (ctx, p) {
      var tested = av.check(p.when, ctx.facts);
      if (!tested[0]) return absent("not for these facts (" + tested[1].join("; ") + ")");
      return resolve(ctx, p.point);
    },
    latest_of: function (ctx, p) {
      var found = p.latest_of.map(function (q) { return resolve(ctx, q); });
      var wait = found.filter(function (x) { return x.waiting; })[0];
      if (wait) return wait;
      var usable = found.filter(function (x) { return x.value !== null; });
      if (!usable.length) return absent(texts(found));
      var best = usable[0];
      usable.forEach(function (x) { if (x.value.w > best.value.w) best = x; });
      if (usable.length === 1) return best;
      return resolved(best.value, "latest of (" + texts(usable) + ") → " + D.moment(best.value), best.base);
    }
  };

  function texts(list) { return list.map(function (r) { return r.text; }).join("; "); }

  function resolve(ctx, point) {
    for (var form in POINTS) if (form in point) return POINTS[form](ctx, point);
    throw new av.PlanError("unknown point form " + JSON.stringify(point));
  }

  // The due moment, rolled off closed days and set to the rule's time of day.
  function resolveDue(ctx, timing) {
    var r = resolve(ctx, timing.due);
    if (r.value === null) return r;
    var value = r.value, text = r.text, changed = false;
    var rolled = ctx.calendar.roll(D.dayOf(value.w), timing.roll);
    if (rolled[1].length) {
      value = D.local(ctx.tz, rolled[0], D.timeOf(value.w), value.f);
      text += "; " + D.describeSkipped(rolled[1]) + (rolled[1].length === 1 ? " is" : " are") +
        " closed, so rolled to the " + timing.roll + " open day → " + D.moment(value);
      changed = true;
    }
    if (timing.at !== null) {
      value = D.local(ctx.tz, D.dayOf(value.w), D.parseTime(timing.at), 0);
      text += "; at " + timing.at + " → " + D.moment(value);
      changed = true;
    }
    return changed ? resolved(value, text, r.base) : r;
  }

  // Keep a due time in the ruleset's hours: employer contacts in working hours, nothing in quiet hours.
  function fit(ctx, due, rule, settings) {
    if (due.value === null || rule.kind === "quiet") return due;
    var value = due.value, notes = [], clock;
    // working hours hold on open days only (afterview.planning.hours)
    if (rule.contact === "employer" && settings.working_hours && ctx.calendar.closedReason(D.dayOf(value.w)) === null) {
      var start = D.parseTime(settings.working_hours[0]), end = D.parseTime(settings.working_hours[1]);
      clock = D.timeOf(value.w);
      if (clock > end) {
        value = D.local(ctx.tz, D.dayOf(value.w), end, 0);
        notes.push("after working hours, so by " + settings.working_hours[1] + " that day");
      } else if (clock < start) {
        value = D.local(ctx.tz, D.dayOf(value.w), start, 0);
        notes.push("before working hours, so at " + settings.working_hours[0]);
      }
    }
    if (settings.quiet_hours) {
      var night = D.parseTime(settings.quiet_hours[0]), morning = D.parseTime(settings.quiet_hours[1]);
      clock = D.timeOf(value.w);
      if (clock > night || clock < morning) {
        value = D.local(ctx.tz, D.dayOf(value.w) - (clock > night ? 0 : D.DAY), night, 0);
        notes.push("no due time between " + settings.quiet_hours[0] + " and " + settings.quiet_hours[1] + ", so by " +
          settings.quiet_hours[0]);
      }
    }
    if (!notes.length) return due;
    return resolved(value, due.text + "; " + notes.join("; ") + " → " + D.moment(value), due.base);
  }

  av.engine = { Context: Context, statedDecision: statedDecision, resolve: resolve, resolveDue: resolveDue, resolved: resolved, fit: fit };
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
