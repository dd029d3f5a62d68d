// Where an application stands in its ruleset's lifecycle, and what that does to statuses
// (afterview.planning.stages): the stage is the last stage-changing event; rounds start at new_round events.
(function (av) {
  "use strict";
  var D = av.dates, F = av.facts;
  var PENDING = ["upcoming", "open", "overdue"];

  function reachable(lifecycle, start) {
    var seen = {}, todo = [start];
    seen[start] = true;
    while (todo.length) {
      var here = todo.pop();
      Object.keys(lifecycle.effects).forEach(function (type) {
        var e = lifecycle.effects[type];
        var allowed = !e.after.length || e.after.indexOf(here) !== -1;
        if (e.stage && !seen[e.stage] && allowed && !lifecycle.stages[here].terminal) {
          seen[e.stage] = true;
          todo.push(e.stage);
        }
      });
    }
    return seen;
  }

  function position(lifecycle, facts) {
    var stage = lifecycle.initial, event = null, rounds = [];
    F.sortedEvents(facts.events).forEach(function (e) {
      var effect = lifecycle.effects[e.type];
      if (!effect) return;
      if (effect.new_round) rounds.push(e);
      if (effect.stage) { stage = effect.stage; event = e; }
    });
    var info = lifecycle.stages[stage];
    return { id: stage, stage: info, event: event, rounds: rounds, reachable: reachable(lifecycle, stage) };
  }

  // The facts as round k (0 = the first interview) saw them: its interview, and its own events.
  function roundFacts(facts, pos, lifecycle, k) {
    if (!pos.rounds.length) return facts;
    var begin = k === 0 ? null : pos.rounds[k - 1], end = k < pos.rounds.length ? pos.rounds[k] : null;
    var events = facts.events.filter(function (e) {
      var effect = lifecycle.effects[e.type];
      if (effect && effect.stage) return true;
      return (begin === null || e.at.w >= begin.at.w) && (end === null || e.at.w < end.at.w);
    });
    if (begin === null) return F.withEvents(facts, events);
    var moved = begin.interview || begin.at, length = facts.end.w - facts.start.w;
    var start = D.fromUTC(facts.tz, D.toUTC(facts.tz, moved.w, moved.f));
    var copy = F.withEvents(facts, events);
    copy.start = start;
    copy.end = { w: start.w + length, f: 0 };
    copy.round = (facts.round || 1) + k;
    // a round on or after the stated decision date outlived it: plan as if no date was stated
    if (copy.decisionBy !== null && D.dayOf(start.w) >= copy.decisionBy) copy.decisionBy = null;
    return copy;
  }

  // The stage's effect on a status: other phases' pending actions end; the stage's own actions keep theirs.
  function settle(rule, status, words, pos, lifecycle, due) {
    var stage = pos.stage, event = pos.event;
    var live = stage.phases.indexOf(rule.phase) !== -1;
    var cutShort = rule.kind === "quiet" && status === "done" && event !== null && event.at.w < due.w;
    if (PENDING.indexOf(status) === -1 && !(cutShort && !live)) return [status, words];
    if (!live && event !== null) {
      if (lifecycle.effects[event.type].completes.indexOf(rule.phase) !== -1) {
        return ["done", "done: " + event.type + " recorded " + D.moment(event.at)];
      }
      return ["skipped", "skipped: the application moved to '" + stage.title + "' (" + event.type + " recorded " +
        D.moment(event.at) + ")"];
    }
    return [status, words];
  }

  function superseded(nextRound) {
    return function (status, words) {
      if (PENDING.indexOf(status) === -1) return [status, words];
      return ["skipped", "skipped: superseded by the next round (scheduled " + D.moment(nextRound.at) + ")"];
    };
  }

  function stillPossible(rule, pos, lifecycle) {
    return Object.keys(pos.reachable).some(function (s) { return lifecycle.stages[s].phases.indexOf(rule.phase) !== -1; });
  }

  // A 'done' event naming the rule, or its done_when condition matching.
  function recordedDone(rule, facts) {
    var e = facts.doneRules[rule.id];
    if (e) return ["done", "done: marked done " + D.moment(e.at)];
    if (rule.done_when) {
      var tested = av.check(rule.done_when, facts);
      if (tested[0]) return ["done", "done: " + tested[1].join("; ")];
    }
    return null;
  }

  av.stages = { position: position, roundFacts: roundFacts, settle: settle, superseded: superseded,
                stillPossible: stillPossible, recordedDone: recordedDone };
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
