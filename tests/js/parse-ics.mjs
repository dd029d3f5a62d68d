// Parse an .ics file with ical.js (Mozilla's parser, used by Thunderbird) and
// print what a client would see, as JSON: every component with its properties,
// and for events their start/end as ical.js resolves them (with timezones).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// One path prints one calendar; several print a JSON array, one node process for them all.
function parseFile(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  return describe(root);
}

function describe(component) {
  const out = { name: component.name, properties: {}, components: [] };
  for (const prop of component.getAllProperties()) {
    const values = prop.getValues().map((v) => (typeof v === "object" && v !== null ? v.toString() : v));
    (out.properties[prop.name] ??= []).push(values.length === 1 ? values[0] : values);
  }
  if (component.name === "vevent") {
    const event = new ICAL.Event(component);
    out.start = event.startDate.toJSDate().toISOString();
    out.end = event.endDate.toJSDate().toISOString();
    out.allDay = event.startDate.isDate;
    out.timezone = event.startDate.isDate ? null : event.startDate.zone.tzid;
  }
  for (const child of component.getAllSubcomponents()) {
    out.components.push(describe(child));
  }
  return out;
}

const paths = process.argv.slice(2);
process.stdout.write(JSON.stringify(paths.length === 1 ? parseFile(paths[0]) : paths.map(parseFile)));
