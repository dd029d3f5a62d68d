"""The Jinja2 subset: validate refuses what the guide's planner cannot render, and both render the rest alike."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from afterview import load_ruleset
from afterview.facts.sources import load_facts
from afterview.planning.engine import plan
from afterview.planning.holiday_tables import HolidayStore
from afterview.planning.program import build_years, bundle, compile_program, holiday_tables
from afterview.rules.locate import builtin_names
from afterview.text.template_subset import subset_problem

RUNNER = Path(__file__).parent / "js" / "run-planner.mjs"
STATIC = Path(str(files("afterview") / "site" / "static"))


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_rulesets_stay_inside_the_subset(afterview_cli: Any, name: str) -> None:
    result = afterview_cli("validate", str(Path(str(files("afterview") / "rulesets" / f"{name}.yaml"))))
    assert result.code == 0, result.err


@pytest.mark.parametrize(("source", "problem"), [
    ("Hi {{ company | shout }}", (1, "filter 'shout' is not in the template subset")),
    ("a\n{% for t in topics %}{{ t }}{% endfor %}",
     (2, "'{% for t in topics %}' is not in the template subset: only if, elif, else and endif")),
    ("{{ compnay }}", (1, "unknown name 'compnay' (did you mean 'company'?)")),
    ("{{ interviewer.phone }}", (1, "'interviewer' has no field 'phone'")),
    ("{{ topics }}", (1, "a list or mapping cannot be printed: use a field, or join(', ') for a list")),
    ("{{ role | default }}", (1, "filter 'default' needs an argument, such as default('…')")),
    ("{{ role | join(', ') }}", (1, "filter 'join' needs a list, not text")),
    ("x\n\n{# note #}", (3, "comments are not in the template subset")),
    ("{%- if role %}x{% endif %}", (1, "whitespace control ('-' or '+' inside a tag) is not in the template subset")),
    ("{% if role %}x", (1, "an {% if %} is never closed with {% endif %}")),
    ("{{ role ~ company }}", (1, "'~ company' is not in the template subset (names, filters and quoted text "
                              "without backslashes)")),
    ("{{ role | default('it\\'s') }}", (1, "''it\\'s')' is not in the template subset (names, filters and "
                                        "quoted text without backslashes)")),
])
def test_the_subset_refuses_with_a_line_and_a_reason(source: str, problem: tuple[int, str]) -> None:
    assert subset_problem(source) == problem


def test_validate_locates_a_template_outside_the_subset(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("shout.yaml", """
        id: shout
        title: Shout
        extends: [default]
        rules:
          - id: thank-you-note
            templates:
              - id: email
                text: |
                  Dear {{ interviewer.name }},

                  THANK YOU {{ company | shout }}
    """)
    result = afterview_cli("validate", "shout.yaml")
    assert result.code == 1
    lines = result.err.splitlines()
    at = lines.index("shout.yaml:11: rules[0].templates[0].text: filter 'shout' is not in the template subset")
    assert lines[at + 1] == "  hint: the guide's planner renders only the subset described in docs/rulesets.md"


TEMPLATES = [
    "Dear {{ interviewer.name | default('team') }},\n\n{% if topic %}\nAbout {{ topic }}.\n{% endif %}\nBye\n",
    "{{ candidate.name }} / {{ interviewer.email }} / {{ interviewer.title | upper }}",
    "{{ topics | join(', ') }}|{{ interviewer.topics | join }}|{{ interviewers | join(' & ') | default('x') }}",
    "  {% if decision_by and role %}\n  by {{ decision_by }}\n  {% elif not company or role == 'Nurse' %}\nno\n"
    "  {% else %}\n  else {{ role | capitalize }}\n  {% endif %}\n\n",
    "{{ company | lower }}{{ company | trim | capitalize }}{% if role != 'Nurse' %} not a nurse{% endif %}",
    "{% if interviewer %}{% if interviewer.email %}mail{% else %}no mail{% endif %}{% endif %} {{ weekday }}"
    " {{ interview_day }} {{ country }} {{ industry }}",
    "{{ interviewer.greeting }}/{{ interviewer.given_name }}/{{ interviewer.family_name }}{{ at_company }}, "
    "{{ the_role }}, {{ senior_contact | default('Sir or Madam') }}",
]
FACTS = [
    {},
    {"company": " acme CO ", "role": "Nurse", "candidate": {"name": "Ana"}, "decision": {"by": "2026-12-01"},
     "interview": {"interviewers": [{"name": "Jo", "email": "jo@x.org", "title": "Lead", "topics": ["a", "b"]},
                                    {"name": "Kim", "topics": ["c"]}]}},
    {"role": "Engineer", "industry": "tech", "interview": {"interviewers": [{"name": "Zoë"}]}},
    {"country": "JP", "timezone": "Asia/Tokyo", "interview": {"interviewers": [{"name": "Tanaka Hiroshi"}]}},
    {"country": "DE", "timezone": "Europe/Berlin", "company": "Acme", "interview": {"interviewers": [
        {"name": "Anna Schmidt", "honorific": "Frau"}, {"name": "Jo Weber"}]}},
]


def test_python_and_javascript_render_the_subset_alike(afterview_project: Any) -> None:
    rules = "".join(f"      - {{id: t{i}, text: {json.dumps(t)}}}\n" for i, t in enumerate(TEMPLATES))
    afterview_project.write("subset.yaml", "id: subset\ntitle: Subset\nextends: [default]\nrules:\n"
                            "  - id: keep-applying\n    templates:\n" + rules)
    ruleset = load_ruleset(["subset.yaml"])
    assert [subset_problem(t) for t in TEMPLATES] == [None] * len(TEMPLATES)
    store, years = HolidayStore(), build_years(date(2026, 1, 1))
    data = bundle({"subset": compile_program(ruleset)}, holiday_tables(store, ["US", "JP", "DE"], years), years)
    cases = []
    for extra in FACTS:
        interview = {"start": "2026-11-17T14:00", **extra.get("interview", {})}
        cases.append({"program": "subset", "now": "2026-11-18T10:00:00+00:00",
                      "facts": {"timezone": "America/New_York", **extra, "interview": interview}})
    done = subprocess.run(["node", str(RUNNER), str(STATIC)], input=json.dumps({"bundle": data, "cases": cases}),
                          capture_output=True, text=True, check=True)
    js = [next(g["drafts"] for g in r["plan"]["guidance"] if g["rule"] == "keep-applying")
          for r in json.loads(done.stdout)]
    python = []
    for case in cases:
        result = plan(ruleset, load_facts(case["facts"]), load_facts(case["facts"]).interview_start, holidays=store)
        guidance = next(g for g in result.guidance if g.rule_id == "keep-applying")
        python.append([{"id": d.id, "title": d.title, "channel": d.channel, "subject": d.subject, "text": d.text,
                        "max_chars": d.max_chars, "to": d.to} for d in guidance.drafts])
    assert js == python
    assert python[1][0]["text"] == "Dear Jo,\n\nAbout a.\nBye"
    assert python[0][1]["text"] == "[candidate] / [interviewer] / [INTERVIEWER]"
    assert [d["text"] for d in python[4] if d["id"].startswith("t6")] == [
        "Frau Schmidt/Anna/Schmidt at Acme, the role, Sir or Madam", "Jo Weber/Jo/Weber at Acme, the role, Sir or Madam"]
    assert next(d["text"] for d in python[3] if d["id"] == "t6") == "Tanaka-san/Hiroshi/Tanaka, the role, Sir or Madam"
