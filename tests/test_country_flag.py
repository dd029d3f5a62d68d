"""--country is checked the same way, by the same check, in every command that takes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

COMMANDS = [
    ("plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York"),
    ("explain", "follow-up"),
    ("rules",),
    ("diff",),
    ("new", "overlay", "country-zz", "--dir", "made"),
]
UNKNOWN = "--country: unknown country 'ZZ'\n  hint: use an ISO 3166-1 alpha-2 code such as US, GB or DE\n"
SUBDIVISION = ("--country: unknown subdivision 'QQ' of US\n"
               "  hint: write the country alone (US), or with a subdivision code such as US-AK\n")


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: words[0])
@pytest.mark.parametrize(("country", "error"), [("ZZ", UNKNOWN), ("US-QQ", SUBDIVISION)])
def test_an_unknown_country_is_refused_alike(afterview_cli: Any, afterview_project: Any, words: tuple[str, ...],
                                             country: str, error: str) -> None:
    result = afterview_cli(*words, "--country", country)
    assert (result.code, result.out, result.err) == (1, "", error)
    assert not Path("made").exists()  # 'new' wrote nothing


def test_a_country_alias_layers_its_overlay(afterview_cli: Any) -> None:
    result = afterview_cli("rules", "--country", "uk")
    assert result.out.splitlines()[0] == "ruleset default+country-gb: default, country-gb"
