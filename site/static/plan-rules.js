// Statuses and the plan itself, as afterview.planning.engine computes them.
(function (av) {
  "use strict";
  var D = av.dates, E = av.engine, F = av.facts, T = av.templates, S = av.stages;

  var check = av.check;

  function outcome(ctx, rule) {
    var matched = rule.when ? check(rule.when, ctx.facts)[0] : true;
    var limit = ctx.program.settings.employer_contacts;
    if (matched && rule.chase && limit !== null && rule.chase > limit) {
      var times = { 1: "once", 2: "twice" }[limit] || limit + " times";
      return { matched: true, reason: "this ruleset contacts the employer " + times + " per round after the" +
               " thank-you (settings.employer_contacts)", opens: null, due: null, closes: null };
    }
    var out = { matched: matched, reason: null, opens: null, due: null, closes: null };
    var t = rule.timing;
    if (matched && t) {
      out.due = E.fit(ctx, E.resolveDue(ctx, t), rule, ctx.program.settings);
      if (t.opens) out.opens = E.resolve(ctx, t.opens);
      else if (rule.kind === "task" && out.due.value !== null && out.due.base) {
        out.opens = E.resolved(out.due.base, "when the due date's anchor is reached (" + D.moment(out.due.base) + ")");
      }
      out.closes = t.closes ? E.resolve(ctx, t.closes) : null;
      if (t.opens && out.opens.value !== null && out.due.value !== null && out.due.value.w < out.opens.value.w) {
        out.due = E.resolved(out.opens.value, out.due.text + "; not before it opens → " + D.moment(out.opens.value),
                             out.due.base);
      }
    }
    return out;
  }

  // The first matching row gives the status, in the order a reader checks them.
  function status(rule, facts, now, opens, due, closes) {
    var rows = [["done", rule.done_by], ["skipped", rule.cancelled_by]];
    for (var i = 0; i < rows.length; i++) {
      for (var j = 0; j < rows[i][1].length; j++) {
        var e = facts.latest[rows[i][1][j]];
        if (e) return [rows[i][0], rows[i][0] + ": " + rows[i][1][j] + " recorded " + D.moment(e.at)];
      }
    }
    var marked = S.recordedDone(rule, facts);
    if (marked) return marked;
    if (opens && now.w < opens.w) return ["upcoming", "upcoming: opens " + D.moment(opens)];
    if (rule.kind === "milestone" && now.w < due.w) return ["upcoming", "upcoming: " + D.moment(due)];
    var quiet = rule.kind === "quiet", end = quiet && closes ? closes : due;
    if (now.w <= end.w) return ["open", quiet ? "open: in effect until " + D.moment(end) : "open: due " + D.moment(due)];
    if (quiet) return ["done", "done: ended " + D.moment(end)];
    // A milestone past its moment has passed; a task tied to its moment, past its window, lapses.
    if (rule.kind === "milestone") return ["passed", "passed: " + D.moment(due)];
    if (rule.timing.lapses && (!closes || now.w > closes.w)) {
      return ["lapsed", "lapsed: its moment passed " + D.moment(closes || due)];
    }
    return ["overdue", "overdue: was due " + D.moment(due)];
  }

  function explain(rule, facts, out, statusText) {
    var lines = ["rule " + rule.id + " from " + rule.origin];
    var trace = rule.when ? check(rule.when, facts)[1] : [];
    lines = lines.concat(trace.length ? trace.map(function (t) { return "when " + t; }) : ["applies to every interview"]);
    ["opens", "due", "closes"].forEach(function (name) {
      var r = out[name];
      if (r && r.value !== null && !(rule.kind === "quiet" && name === "due")) lines.push(name + ": " + r.text);
    });
    lines.push(statusText);
    return lines;
  }

  function size(text) { return Array.from(text).length; }

  // One draft per interviewer when the template says `per: interviewer`, or names `interviewer` and says
  // nothing (Template.per_interviewer); `per: application` is one draft, to the main contact. The fallback
  // when over max_chars.
  function drafts(rule, facts) {
    var out = [];
    rule.templates.forEach(function (t) {
      var each = t.per === "interviewer" || (!t.per && t.text.indexOf("interviewer") !== -1);
      var people = each && facts.interviewers.length ? facts.interviewers.length : 1;
      for (var n = 0; n < people; n++) {
        var context = F.templateContext(facts, n), text = T.renderText(t.text, context);
        if (t.max_chars !== null && size(text) > t.max_chars && t.fallback) text = T.renderText(t.fallback, context);
        out.push({ id: n === 0 ? t.id : t.id + "-" + (n + 1), title: t.title, channel: t.channel,
                   subject: t.subject ? T.renderText(t.subject, context) : null, text: text, max_chars: t.max_chars,
                   to: facts.interviewers.length ? facts.interviewers[n].name : null });
      }
    });
    return out;
  }

  // plan(program, raw facts, now as ISO text, holiday tables, event phrases) -> the plan.
  function plan(program, rawFacts, nowText, tables, events) {
    var facts = F.buildFacts(rawFacts, tables, program.calendar.country);
    var now = F.parseMoment(nowText, facts.tz);
    if (!now) throw new av.PlanError("now: '" + nowText + "' is not a date and time");
    var life = program.lifecycle, pos = S.position(life, facts), last = pos.rounds.length;
    var current = S.roundFacts(facts, pos, life, last);
    var result = { actions: [], guidance: [], conditional: [], not_applicable: {}, earlier: [], facts: current,
                   now: now, stage: pos, round: last ? (current.round || 1) : facts.round };
    for (var k = 0; k < last; k++) {
      var earlier = { actions: [], guidance: [], conditional: [], not_applicable: {}, now: now };
      run(program, S.roundFacts(facts, pos, life, k), tables, events, earlier, pos, S.superseded(pos.rounds[k]));
      earlier.actions.forEach(function (a) { if (a.rule.phase === "round") result.earlier.push(a); });
    }
    run(program, current, tables, events, result, pos, null);
    return result;
  }

  function run(program, facts, tables, events, result, pos, override) {
    var ctx = new E.Context(program, facts, tables, events);
    program.rules.forEach(function (rule) { ctx.outcomes[rule.id] = outcome(ctx, rule); });
    var env = { facts: facts, now: result.now, events: events, pos: pos, life: program.lifecycle, override: override,
                context: F.templateContext(facts, 0) };
    program.rules.slice().sort(function (a, b) { return a.position - b.position; }).forEach(function (rule) {
      place(result, rule, ctx.outcomes[rule.id], env);
    });
    result.actions.sort(function (a, b) {
      return a.sortMoment.w - b.sortMoment.w || a.rule.priority - b.rule.priority ||
        (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0);
    });
  }

  function place(result, rule, out, env) {
    var facts = env.facts, stage = env.pos.stage;
    if (!out.matched) {
      result.not_applicable[rule.id] = ["its conditions did not match"].concat(check(rule.when, facts)[1]);
      return;
    }
    if (out.reason) { result.not_applicable[rule.id] = [out.reason]; return; }
    var summary = rule.summary ? T.renderText(rule.summary, env.context) : rule.title;
    var gone = ["the application is " + stage.title.toLowerCase()];
    if (rule.kind === "guidance") {
      if (stage.phases.indexOf(rule.phase) !== -1) {
        result.guidance.push({ rule: rule, summary: summary, drafts: drafts(rule, facts) });
      } else {
        result.not_applicable[rule.id] = gone;
      }
      return;
    }
    var key = rule.kind === "quiet" && out.opens && out.opens.value === null ? out.opens : out.due;
    if (key.waiting) {
      if (S.stillPossible(rule, env.pos, env.life)) {
        result.conditional.push({ rule: rule, summary: summary, condition: env.events[key.waiting], event: key.waiting,
                                  drafts: drafts(rule, facts) });
      } else {
        result.not_applicable[rule.id] = gone;
      }
      return;
    }
    if (key.value === null || out.due.value === null) {
      result.not_applicable[rule.id] = [key.text];
      return;
    }
    var opens = out.opens ? out.opens.value : null, closes = out.closes ? out.closes.value : null;
    if (rule.kind === "quiet" && opens !== null && closes !== null && closes.w < opens.w) {  // never ends before it starts
      result.not_applicable[rule.id] = ["no quiet period: it would end " + D.moment(closes) + ", before it starts " +
                                        D.moment(opens)];
      return;
    }
    var st = status(rule, facts, env.now, opens, out.due.value, closes);
    st = env.override ? env.override(st[0], st[1]) : S.settle(rule, st[0], st[1], env.pos, env.life, closes || out.due.value);
    result.actions.push({
      rule: rule, status: st[0], due: out.due.value, opens: opens, closes: closes, summary: summary,
      sortMoment: rule.kind === "quiet" && opens ? opens : out.due.value,
      explanation: explain(rule, facts, out, st[1]), drafts: drafts(rule, facts)
    });
  }

  // The plan as the differential test compares it: JSON with ISO moments.
  function view(result) {
    var tz = result.facts.tz;
    function item(g) {
      var out = { rule: g.rule.id, summary: g.summary, drafts: g.drafts };
      if (g.event) { out.condition = g.condition; out.event = g.event; }
      return out;
    }
    function action(a) {
      return { rule: a.rule.id, status: a.status, due: D.isoMoment(tz, a.due), opens: a.opens && D.isoMoment(tz, a.opens),
               closes: a.closes && D.isoMoment(tz, a.closes), summary: a.summary, explanation: a.explanation,
               drafts: a.drafts };
    }
    var moved = result.stage.event;
    return {
      stage: result.stage.id, stage_event: moved ? [moved.type, D.isoMoment(tz, moved.at)] : null,
      round: result.round, actions: result.actions.map(action), earlier: result.earlier.map(action),
      guidance: result.guidance.map(item), conditional: result.conditional.map(item),
      not_applicable: result.not_applicable
    };
  }

  // A bundle (afterview.planning.program.bundle) -> one runnable program, its left-out keys restored.
  var OPTIONAL = {
    rule: ["when", "done_when", "contact", "chase", "summary", "timing"], ruleLists: ["done_by", "cancelled_by", "tags"],
    template: ["title", "channel", "subject", "max_chars", "fallback"], timing: ["opens", "due", "closes", "at", "lapses"]
  };

  function restore(value, keys, empty) {
    var copy = Object.assign({}, value);
    keys.forEach(function (k) { if (!(k in copy)) copy[k] = empty === undefined ? null : empty.slice(); });
    return copy;
  }

  function points(value) {
    if (Array.isArray(value)) return value.map(points);
    if (value === null || typeof value !== "object") return value;
    var copy = {};
    Object.keys(value).forEach(function (k) { copy[k] = points(value[k]); });
    if ("anchor" in copy && !("offset" in copy)) copy.offset = null;
    return copy;
  }

  function program(bundle, name) {
    var p = bundle.programs[name];
    if (!p) throw new av.PlanError("no program named '" + name + "'");
    var expanded = Object.assign({}, p, { rules: p.rules.map(function (i) {
      var rule = restore(restore(bundle.rules[i], OPTIONAL.rule), OPTIONAL.ruleLists, []);
      rule.timing = rule.timing && restore(points(rule.timing), OPTIONAL.timing);
      rule.templates = rule.templates.map(function (t) { return restore(bundle.templates[t], OPTIONAL.template); });
      return rule;
    }) });
    Object.keys(bundle.shared).forEach(function (part) { expanded[part] = bundle.shared[part][p[part]]; });
    return expanded;
  }

  av.plan = plan;
  av.view = view;
  av.program = program;
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
