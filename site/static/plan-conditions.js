// The `when` language (afterview.rules.conditions): each form gives [matched, trace lines], with
// Python's comparison rules on JSON scalars.
(function (av) {
  "use strict";
  var F = av.facts;

  function isNumber(v) { return typeof v === "number" || typeof v === "boolean"; }

  // Python's ==, <, ... on JSON scalars: mixed types are never equal, and never ordered.
  function pyEq(a, b) {
    if (isNumber(a) && isNumber(b)) return Number(a) === Number(b);
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every(function (x, i) { return pyEq(x, b[i]); });
    }
    return typeof a === typeof b && a === b;
  }

  function ordered(a, b) { return (isNumber(a) && isNumber(b)) || (typeof a === "string" && typeof b === "string"); }

  function contains(list, a) {
    if (typeof list === "string") return typeof a === "string" && list.indexOf(a) !== -1;
    return Array.isArray(list) && list.some(function (x) { return pyEq(a, x); });
  }

  var OPERATORS = {
    eq: pyEq,
    ne: function (a, b) { return !pyEq(a, b); },
    "in": function (a, b) { return contains(b, a); },
    not_in: function (a, b) { return (Array.isArray(b) || typeof b === "string") && !contains(b, a); },
    lt: function (a, b) { return ordered(a, b) && a < b; },
    lte: function (a, b) { return ordered(a, b) && a <= b; },
    gt: function (a, b) { return ordered(a, b) && a > b; },
    gte: function (a, b) { return ordered(a, b) && a >= b; }
  };

  function show(v) {
    if (Array.isArray(v)) return "[" + v.map(show).join(", ") + "]";
    if (v === null || v === undefined) return "unset";
    return String(v);
  }

  function mark(ok) { return ok ? "matched" : "did not match"; }

  // Each condition form: [test, trace lines].
  var CONDITIONS = {
    field: function (c, facts) {
      var actual = F.value(facts, c.field), ok;
      if (c.op === "present") ok = (actual !== null) === Boolean(c.value);
      else if (actual === null) ok = c.op === "ne" || c.op === "not_in";
      else ok = OPERATORS[c.op](actual, c.value);
      return [ok, [c.words + ": " + mark(ok) + " (" + c.field + " = " + show(actual) + ")"]];
    },
    event: function (c, facts) {
      var present = c.present !== false, ok = Boolean(facts.latest[c.event]) === present;
      return [ok, [c.event + (present ? " is" : " is not") + " recorded: " + mark(ok)]];
    },
    all: function (c, facts) {
      var parts = c.all.map(function (p) { return check(p, facts); });
      return [parts.every(function (p) { return p[0]; }), [].concat.apply([], parts.map(function (p) { return p[1]; }))];
    },
    any: function (c, facts) {
      var parts = c.any.map(function (p) { return check(p, facts); });
      var ok = parts.some(function (p) { return p[0]; });
      var lines = [].concat.apply([], parts.map(function (p) { return p[1]; }));
      return [ok, ["any of (" + lines.join("; ") + "): " + mark(ok)]];
    },
    not: function (c, facts) {
      var inner = check(c.not, facts), ok = !inner[0];
      return [ok, ["not (" + inner[1].join("; ") + "): " + mark(ok)]];
    }
  };

  function check(cond, facts) {
    for (var form in CONDITIONS) if (form in cond) return CONDITIONS[form](cond, facts);
    throw new av.PlanError("unknown condition form " + JSON.stringify(cond));
  }

  av.check = check;
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
