// Wall-clock time in an IANA timezone, as Python's zoneinfo sees it, plus a country's business days.
// A moment is {w, f}: its wall-clock time as milliseconds (UTC fields read as local ones) and the
// PEP 495 fold (1 for the second occurrence of a repeated hour). Python compares datetimes that
// share a timezone by their wall-clock fields, so the planner does too.
(function (av) {
  "use strict";
  var DAY = 86400000;
  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var formatters = {};
  var offsets = new Map();

  function formatter(tz) {
    if (!formatters[tz]) {
      formatters[tz] = new Intl.DateTimeFormat("en-US", {
        timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit"
      });
    }
    return formatters[tz];
  }

  // Wall clock minus UTC, in ms, at instant u.
  function offsetAt(tz, u) {
    var s = Math.floor(u / 1000) * 1000;
    var key = tz + "|" + s;
    var known = offsets.get(key);
    if (known !== undefined) return known;
    var p = {};
    formatter(tz).formatToParts(new Date(s)).forEach(function (part) { p[part.type] = part.value; });
    var wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
    if (offsets.size > 200000) offsets.clear();
    offsets.set(key, wall - s);
    return wall - s;
  }

  // The instant of a wall-clock time: in a gap or a repeated hour, fold 0 takes the offset from
  // before the change and fold 1 the one after, as zoneinfo does (so gaps move forward).
  function toUTC(tz, w, f) {
    var before = offsetAt(tz, w - DAY), after = offsetAt(tz, w + DAY);
    if (before === after) return w - before;
    var uB = w - before, uA = w - after;
    var okB = offsetAt(tz, uB) === before, okA = offsetAt(tz, uA) === after;
    if (okB && !okA) return uB;
    if (okA && !okB) return uA;
    return f ? uA : uB;
  }

  function fromUTC(tz, u) {
    var w = u + offsetAt(tz, u);
    return { w: w, f: toUTC(tz, w, 0) === u ? 0 : 1 };
  }

  // Python's local(day, time, tz): combine, then normalise through UTC.
  function local(tz, dayMs, timeMs, fold) {
    return fromUTC(tz, toUTC(tz, dayMs + timeMs, fold || 0));
  }

  function dayOf(w) { return Math.floor(w / DAY) * DAY; }
  function timeOf(w) { return w - dayOf(w); }
  function weekday(w) { return (new Date(w).getUTCDay() + 6) % 7; }
  function pad(n, width) { var s = String(n); while (s.length < (width || 2)) s = "0" + s; return s; }

  function isoDate(w) {
    var d = new Date(w);
    return pad(d.getUTCFullYear(), 4) + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }

  function hhmm(w) { var d = new Date(w); return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()); }

  function isoMoment(tz, m) {
    var d = new Date(m.w);
    var off = Math.round((m.w - toUTC(tz, m.w, m.f)) / 60000);
    var sign = off < 0 ? "-" : "+";
    off = Math.abs(off);
    return isoDate(m.w) + "T" + hhmm(m.w) + ":" + pad(d.getUTCSeconds()) + sign + pad(Math.floor(off / 60)) + ":" +
      pad(off % 60);
  }

  // 'Tue 17 Nov 2026' and 'Tue 17 Nov 2026 15:00', as afterview.text.dates writes them.
  function day(w, withYear) {
    var d = new Date(w);
    var text = DAYS[weekday(w)] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
    return withYear === false ? text : text + " " + d.getUTCFullYear();
  }

  function moment(m) { return day(m.w) + " " + hhmm(m.w); }

  function parseDate(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    return match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : null;
  }

  function parseTime(text) {
    var match = /^(\d{2}):(\d{2})$/.exec(text);
    return match ? (+match[1] * 60 + +match[2]) * 60000 : null;
  }

  // Which days are open for business: a country's weekend and holidays, plus a ruleset's closed days.
  // spec: {closed: {ISO date: name}, yearly: [[MM-DD, through MM-DD, name]], day_after: [[holiday, name]]}.
  function Calendar(country, weekend, spec, tables) {
    spec = spec || {};
    this.country = country;
    this.name = country;
    this.weekend = weekend;
    this.closed = spec.closed || {};
    this.yearly = spec.yearly || [];
    this.dayAfter = spec.day_after || [];
    this.table = tables[country];
    this.reasons = {};
  }

  // {ISO date: name} for the year of `iso`, from a bundle's table ({names, years: {year: {MM-DD: index}}}).
  Calendar.prototype.holidays = function (iso) {
    var table = this.table, year = iso.slice(0, 4), days = table && table.years[year];
    if (!days) throw new av.PlanError("no holiday table for " + this.country + " in " + year);
    table.expanded = table.expanded || {};
    if (!table.expanded[year]) {
      var full = {};
      Object.keys(days).forEach(function (md) { full[year + "-" + md] = table.names[days[md]]; });
      table.expanded[year] = full;
    }
    return table.expanded[year];
  };

  // A yearly closed period, or the day after a named public holiday.
  Calendar.prototype.recurring = function (dayMs, iso) {
    var md = iso.slice(5);
    for (var i = 0; i < this.yearly.length; i++) {
      var start = this.yearly[i][0], through = this.yearly[i][1];
      if (start <= through ? start <= md && md <= through : md >= start || md <= through) return this.yearly[i][2];
    }
    if (this.dayAfter.length) {
      var before = isoDate(dayMs - DAY), names = this.holidays(before)[before] || "";
      for (var j = 0; j < this.dayAfter.length; j++) {
        if (names.indexOf(this.dayAfter[j][0]) !== -1) return this.dayAfter[j][1];
      }
    }
    return null;
  };

  Calendar.prototype.closedReason = function (dayMs) {
    if (dayMs in this.reasons) return this.reasons[dayMs];
    var reason = null;
    if (this.weekend.indexOf(weekday(dayMs)) !== -1) {
      reason = "weekend";
    } else {
      var iso = isoDate(dayMs);
      reason = this.closed[iso] || this.holidays(iso)[iso] || this.recurring(dayMs, iso);
    }
    this.reasons[dayMs] = reason;
    return reason;
  };

  Calendar.prototype.addBusinessDays = function (start, count) {
    if (count === 0) return this.roll(start, "following");
    var step = count > 0 ? DAY : -DAY, skipped = [], d = start, remaining = Math.abs(count);
    while (remaining) {
      d += step;
      var reason = this.closedReason(d);
      if (reason === null) remaining -= 1;
      else if (reason !== "weekend") skipped.push([d, reason]);
    }
    return [d, skipped];
  };

  Calendar.prototype.roll = function (d, convention) {
    if (convention === "none") return [d, []];
    var step = convention === "preceding" ? -DAY : DAY, skipped = [], reason;
    while ((reason = this.closedReason(d)) !== null) {
      skipped.push([d, reason]);
      d += step;
    }
    return [d, skipped];
  };

  function describeSkipped(skipped) {
    var parts = skipped.map(function (s) { return day(s[0]) + " (" + s[1] + ")"; });
    return parts.length === 1 ? parts[0] : parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
  }

  function PlanError(message) { this.message = message; }
  PlanError.prototype = Object.create(Error.prototype);
  PlanError.prototype.name = "PlanError";

  av.PlanError = PlanError;
  av.dates = {
    DAY: DAY, LONG_DAYS: LONG_DAYS, offsetAt: offsetAt, toUTC: toUTC, fromUTC: fromUTC, local: local,
    dayOf: dayOf, timeOf: timeOf, weekday: weekday, isoDate: isoDate, isoMoment: isoMoment, hhmm: hhmm,
    day: day, moment: moment, parseDate: parseDate, parseTime: parseTime, pad: pad,
    Calendar: Calendar, describeSkipped: describeSkipped
  };
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
