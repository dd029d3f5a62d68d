"""The text of ``afterview new overlay``: a commented overlay that changes nothing yet, and its test file."""

from __future__ import annotations

from typing import Any

from afterview.facts.samples import SAMPLE_NOW

_OVERLAY = """\
# yaml-language-server: $schema={schema}
#
# An overlay: it changes the default advice for {audience}.
# afterview layers it over the default by itself for every application whose
# {key} is '{value}' (see applies_to), once its folder is on the ruleset path:
#
#   afterview plan --ruleset-path {folder} --{key} {value} --interview 2026-11-17T14:00
#
# Check it:   afterview validate {name}.yaml
# Test it:    afterview test {name}.test.yaml
# See it:     afterview diff --ruleset {name}.yaml --{key} {value}
id: {name}
title: {title}
version: "1.0"
description: What changes for {audience}, and why.
extends: [default]
applies_to: {{{key}: {value}}}
{calendar}
# Cite where each number comes from. kind is fact (measured), survey (what
# people said), rule (a law or a platform's limit) or advice (an opinion).
sources: []
#  - id: my-source
#    title: The article or survey's title
#    kind: advice

# Change a rule field by field: give its id and only the fields that differ.
# `afterview rules` lists the ids; `afterview explain follow-up` shows one.
# This entry repeats the default's follow-up window: change the numbers
# (5bd = five business days), then update {name}.test.yaml to match.
rules:
  - id: follow-up
    timing:
      opens:
        first_of:
          - {{anchor: decision.by, offset: 1bd}}
          - {{anchor: interview.end, offset: 5bd}}
      due:
        first_of:
          - {{anchor: decision.by, offset: 2bd}}
          - {{anchor: interview.end, offset: 6bd}}
      closes:
        first_of:
          - {{anchor: decision.by, offset: 5bd}}
          - {{anchor: interview.end, offset: 7bd}}

# To drop an inherited rule:
# remove: [linkedin-connect]
"""

_TEST = """\
# yaml-language-server: $schema={schema}
#
# What {name} should give for a sample interview. Run: afterview test {name}.test.yaml
# Dates are in the facts' timezone, without an offset.
rulesets: [{layers}{name}.yaml]
facts:
  company: Northwind Analytics
  timezone: {timezone}
  {key}: {value}
  interview: {{start: 2026-11-17T14:00}}
cases:
  - name: no decision date stated
    now: {now}
    expect:
{expectations}
"""


def overlay_text(name: str, key: str, value: str, folder: str, schema: str) -> str:
    """The overlay file for ``key`` ('industry' or 'country') = ``value``."""
    audience = f"{value} employers" if key == "industry" else f"interviews in {value}"
    title = value.replace("-", " ").capitalize() if key == "industry" else f"Country {value}"
    calendar = ("" if key == "industry" else
                f"calendar:\n  country: {value}  # whose public holidays and weekend business days skip\n"
                "  # timezone: Europe/Paris  # the timezone interviews are in unless the facts say\n")
    return _OVERLAY.format(name=name, title=title, audience=audience, key=key, value=value, folder=folder,
                           schema=schema, calendar=calendar)


def test_text(name: str, key: str, value: str, *, timezone: str, expectations: list[dict[str, Any]],
              schema: str, layers: tuple[str, ...] = ("default",)) -> str:
    """The test file, with one expectation per row: {'rule', 'status', 'due'?}; ``layers`` go under the overlay."""
    rows = "\n".join("      - {" + ", ".join(f"{k}: {v}" for k, v in row.items()) + "}" for row in expectations)
    return _TEST.format(name=name, key=key, value=value, timezone=timezone, now=SAMPLE_NOW, expectations=rows,
                        schema=schema, layers="".join(f"{layer}, " for layer in layers))
