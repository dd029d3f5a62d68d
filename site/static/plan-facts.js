// The facts of one application, built from a facts-file-shaped object as afterview.facts.model does.
(function (av) {
  "use strict";
  var D = av.dates;
  var HOUR = 3600000;
  var MOMENT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;
  var UNITS = { h: HOUR, d: D.DAY, w: 7 * D.DAY };
  var ALIASES = { UK: "GB", EL: "GR" };
  var OFFSET = /^([+-]?\d+)\s*(h|d|w|bd|hours?|hrs?|days?|weeks?|wks?|business[ _-]?days?|working[ _-]?days?|bdays?)$/i;

  // '2026-11-17T14:00' in tz (normalised through UTC), or a date at defaultTime (kept as written).
  function parseMoment(text, tz, defaultTime) {
    text = String(text).trim();
    var day = D.parseDate(text);
    if (day !== null) return defaultTime === undefined ? null : { w: day + defaultTime, f: 0 };
    var m = MOMENT.exec(text);
    if (!m) return null;
    var w = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
    if (!m[7]) return D.fromUTC(tz, D.toUTC(tz, w, 0));
    var off = m[7] === "Z" ? 0 : (m[7][0] === "-" ? -1 : 1) * (+m[7].slice(1, 3) * 60 + +m[7].slice(4)) * 60000;
    return D.fromUTC(tz, w - off);
  }

  function parseOffset(text) {
    var m = OFFSET.exec(String(text).trim());
    if (!m) return null;
    var word = m[2].toLowerCase();
    var unit = ["h", "d", "w", "bd"].indexOf(word) !== -1 ? word
      : word[0] === "b" || word.slice(0, 2) === "wo" ? "bd" : word[0];
    return { amount: parseInt(m[1], 10), unit: unit };
  }

  // raw: {timezone, country, company, role, industry, candidate: {name}, interview: {start, end,
  // interviewers: [{name, email, title, topics}]}, decision: {by | within}, events: [{type, at}]}.
  function buildFacts(raw, tables, defaultCountry) {
    var tz = raw.timezone;
    try { D.offsetAt(tz, 0); } catch (e) { throw new av.PlanError("unknown timezone '" + tz + "'"); }
    var code = String(raw.country || defaultCountry || "US").toUpperCase();
    code = ALIASES[code.split("-")[0]] ? ALIASES[code.split("-")[0]] + code.slice(2) : code;
    if (code.indexOf("-") !== -1) throw new av.PlanError("the planner has no subdivision calendars");
    if (!tables[code]) throw new av.PlanError("no holiday table for country '" + code + "'");
    var interview = raw.interview || {};
    var start = parseMoment(interview.start || "", tz);
    if (!start) throw new av.PlanError("interview.start: '" + (interview.start || "") + "' is not a date and time");
    var end = { w: start.w + HOUR, f: 0 };
    if (interview.end) {
      end = parseMoment(interview.end, tz);
      if (!end) throw new av.PlanError("interview.end: '" + interview.end + "' is not a date and time");
      if (end.w < start.w) throw new av.PlanError("interview.end is before interview.start");
    }
    var facts = {
      tz: tz, country: code, start: start, end: end, raw: raw,
      company: opt(raw.company), role: opt(raw.role), industry: opt(raw.industry),
      seniority: opt(raw.seniority), candidateName: opt((raw.candidate || {}).name),
      round: opt(interview.round), format: opt(interview.format),
      interviewers: (interview.interviewers || []).map(function (i) {
        return { name: i.name, email: opt(i.email), title: opt(i.title), topics: i.topics || [],
                 given_name: opt(i.given_name), family_name: opt(i.family_name), honorific: opt(i.honorific) };
      }),
      linkedinPremium: Boolean((raw.linkedin || {}).premium)
    };
    facts.decisionBy = decision(raw.decision || {}, facts, tables);
    return withEvents(facts, events(raw.events || [], facts));
  }

  // The facts with these events: the latest of each type, and the latest 'done' naming each rule.
  function withEvents(facts, list) {
    var copy = Object.assign({}, facts, { events: list, latest: {}, doneRules: {} });
    sortedEvents(list).forEach(function (e) {
      copy.latest[e.type] = e;
      if (e.type === "done" && e.rule) copy.doneRules[e.rule] = e;
    });
    return copy;
  }

  function sortedEvents(list) {
    return list.map(function (e, i) { return [e, i]; }).sort(function (a, b) {
      return a[0].at.w - b[0].at.w || a[1] - b[1];
    }).map(function (p) { return p[0]; });
  }

  function opt(value) { return value === undefined ? null : value; }

  function decision(raw, facts, tables) {
    if ("by" in raw && "within" in raw) throw new av.PlanError("give decision.by or decision.within, not both");
    if ("within" in raw) {
      var offset = parseOffset(raw.within);
      if (!offset || offset.amount < 0) throw new av.PlanError("decision.within: '" + raw.within + "' is not a duration");
      if (offset.unit === "bd") {
        var table = tables[facts.country];
        var calendar = new D.Calendar(facts.country, table.weekend, {}, tables);
        return calendar.addBusinessDays(D.dayOf(facts.end.w), offset.amount)[0];
      }
      return D.dayOf(facts.end.w + UNITS[offset.unit] * offset.amount);
    }
    if (!("by" in raw)) return null;
    var by = D.parseDate(String(raw.by));
    if (by === null) throw new av.PlanError("decision.by: '" + raw.by + "' is not a date");
    if (by < D.dayOf(facts.end.w)) throw new av.PlanError("decision.by is before the interview");
    return by;
  }

  function events(raw, facts) {
    return raw.map(function (item, i) {
      var at = parseMoment(item.at || "", facts.tz, 12 * HOUR);
      if (!at) throw new av.PlanError("events[" + i + "].at: '" + item.at + "' is not a date or date and time");
      if (at.w < facts.start.w) throw new av.PlanError("events[" + i + "].at: " + item.type + " is dated before the interview");
      if (item.type === "done" && !item.rule) throw new av.PlanError("events[" + i + "]: a 'done' event names the rule it marks done");
      var next = item.interview ? parseMoment(item.interview, facts.tz) : null;
      if (item.interview && !next) throw new av.PlanError("events[" + i + "].interview: '" + item.interview + "' is not a date and time");
      return { type: item.type, at: at, rule: item.rule || null, interview: next };
    });
  }

  // A field's value for conditions, as Facts.value gives it.
  function value(facts, name) {
    switch (name) {
      case "company": return facts.company;
      case "role": return facts.role;
      case "industry": return facts.industry;
      case "country": return facts.country;
      case "subdivision": return null;
      case "timezone": return facts.tz;
      case "seniority": return facts.seniority;
      case "candidate.name": return facts.candidateName;
      case "interview.start": return D.isoMoment(facts.tz, facts.start);
      case "interview.end": return D.isoMoment(facts.tz, facts.end);
      case "interview.month": return new Date(facts.start.w).getUTCMonth() + 1;
      case "interview.round": return facts.round;
      case "interview.format": return facts.format;
      case "interview.interviewers": return facts.interviewers.length || null;
      case "decision.by": return facts.decisionBy === null ? null : D.isoDate(facts.decisionBy);
      case "decision.stated": return facts.decisionBy !== null;
      case "linkedin.premium": return facts.linkedinPremium;
      default: throw new av.PlanError("unknown field '" + name + "'");
    }
  }

  // How to address a person in a country (afterview.text.drafts.greeting).
  function greeting(person, country) {
    var words = person.name.trim().split(/\s+/), familyFirst = ["JP", "CN", "KR", "HU"].indexOf(country) !== -1;
    var given = person.given_name || (familyFirst ? words[words.length - 1] : words[0]);
    var family = person.family_name || (familyFirst ? words[0] : words[words.length - 1]);
    var address = given;
    if (country === "JP") address = family + "-san";
    else if (["DE", "AT", "CH"].indexOf(country) !== -1) address = person.honorific ? person.honorific + " " + family : person.name;
    return { given_name: given, family_name: family, greeting: address };
  }

  // 'Jane Doe and Bob Roe', 'A, B and C' for two or more interviewers, else null (drafts.panel_names).
  function panelNames(names) {
    if (names.length < 2) return null;
    return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  // What a template can use (afterview.text.drafts.template_context); `interviewer` is the person-th one.
  function templateContext(facts, person) {
    var first = facts.interviewers[person || 0];
    var topics = first ? first.topics : [];
    var interviewer = null;
    if (first) {
      interviewer = {};
      ["name", "email", "title", "given_name", "family_name", "honorific"].forEach(function (k) {
        if (first[k]) interviewer[k] = first[k];
      });
      if (first.topics.length) interviewer.topics = first.topics;
      Object.assign(interviewer, greeting(first, facts.country));
    }
    var values = {
      the_role: facts.role ? "the " + facts.role + " role" : "the role",
      at_company: facts.company ? " at " + facts.company : "",
      company: facts.company, role: facts.role, industry: facts.industry, country: facts.country,
      candidate: facts.candidateName ? { name: facts.candidateName } : null, interviewer: interviewer,
      interviewers: facts.interviewers.length ? facts.interviewers.map(function (i) { return i.name; }) : null,
      panel: panelNames(facts.interviewers.map(function (i) { return i.name; })),
      topic: topics.length ? topics[0] : null, topics: topics.length ? topics : null,
      interview_day: D.day(facts.start.w, false), weekday: D.LONG_DAYS[D.weekday(facts.start.w)],
      decision_by: facts.decisionBy === null ? null : D.day(facts.decisionBy, false)
    };
    var context = {};
    Object.keys(values).forEach(function (k) { if (values[k] !== null) context[k] = values[k]; });
    return context;
  }

  av.facts = { buildFacts: buildFacts, value: value, templateContext: templateContext, parseMoment: parseMoment,
               withEvents: withEvents, sortedEvents: sortedEvents };
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
