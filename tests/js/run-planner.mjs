// Run the guide's JavaScript planner on many cases in one process: the differential test's other half.
// argv[2]: the folder holding the planner scripts. stdin: {bundle, cases: [{program, facts, now}]}.
// stdout: one JSON list with, per case, {plan} or {error}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

export const SCRIPTS = ["plan-dates.js", "plan-templates.js", "plan-facts.js", "plan-conditions.js", "plan-engine.js", "plan-stages.js", "plan-rules.js"];

const folder = process.argv[2];
for (const name of [...SCRIPTS, "planner-output.js"]) {  // planner-output.js: a case with "ics" gets the calendar too
  vm.runInThisContext(readFileSync(join(folder, name), "utf8"), { filename: name });
}
const av = globalThis.afterviewPlanner;
const input = JSON.parse(readFileSync(0, "utf8"));
const programs = {};
const out = input.cases.map((c) => {
  try {
    const program = (programs[c.program] ??= av.program(input.bundle, c.program));
    const result = av.plan(program, c.facts, c.now, input.bundle.holidays, input.bundle.events);
    return c.ics ? { plan: av.view(result), ics: av.output.ics(result, c.ics) } : { plan: av.view(result) };
  } catch (error) {
    return { error: String(error && error.message ? error.message : error) };
  }
});
process.stdout.write(JSON.stringify(out));
