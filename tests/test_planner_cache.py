"""What a guide rebuild takes from the cache: the planner page's data, under the rulesets' content digests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from afterview import Afterview, _cache, get_plugin_manager
from afterview.guide.collect import _overlays
from afterview.guide.planner_data import planner_context

pytestmark = pytest.mark.cold_cache  # these tests look into the cache folder and break its entries
TODAY = date(2026, 11, 17)
DEFAULT = Path(__file__).parent.parent / "rulesets" / "default.yaml"


def _data(refs: list[str], plugins: tuple[Any, ...] = ()) -> tuple[dict[str, Any], bytes]:
    app = Afterview(get_plugin_manager(load_entrypoints=False, extra_plugins=plugins))
    base = app.load_ruleset(refs)
    context, script = planner_context(app, refs, base, _overlays(app, refs), TODAY)
    return context, script.data


def _entries() -> list[Path]:
    folder = _cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("planner-*.json"))


def test_cached_page_data_is_the_uncached_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    uncached = _data(["default"])
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    assert _data(["default"]) == uncached
    [entry] = _entries()
    assert _data(["default"]) == uncached
    assert len(uncached[0]["countries"]) == 5 and uncached[1].startswith(b"window.afterviewPlanData = {")
    entry.write_text('{"countries": [], "industries": [], "script": "read from the cache"}')
    assert _data(["default"])[1] == b"read from the cache"  # the warm build takes the entry as it is


@pytest.mark.parametrize("damage", ["", '{"countries": [], "industries": []', '{"countries": [{"code": 1}], '
                                    '"industries": [], "script": ""}', "[]"])
def test_a_damaged_entry_is_computed_again(damage: str) -> None:
    first = _data(["default"])
    [entry] = _entries()
    entry.write_text(damage)
    assert _data(["default"]) == first


def test_editing_a_ruleset_file_makes_a_new_entry(tmp_path: Path) -> None:
    ruleset = tmp_path / "mine.yaml"
    ruleset.write_bytes(DEFAULT.read_bytes())
    first = _data([str(ruleset)])
    ruleset.write_bytes(DEFAULT.read_bytes().replace(b"the outcome\n", b"the outcomes\n", 1))
    second = _data([str(ruleset)])
    assert len(_entries()) == 2
    assert b'"Tell a reference the outcomes"' in second[1] and b'"Tell a reference the outcomes"' not in first[1]


def test_a_plugin_set_has_entries_of_its_own(file_plugin: Any) -> None:
    module = file_plugin("shout_plugin", "from afterview import hookimpl\n\n\n@hookimpl\n"
                         "def register_template_filters(app):\n    return {'shout': str.upper}\n")
    _data([str(DEFAULT)])
    _data([str(DEFAULT)], (module,))
    assert len(_entries()) == 2


def test_the_guides_sample_facts_pass_the_facts_schema() -> None:
    """guide.collect.sample_plan builds them without the schema check, as they are ours."""
    from afterview.guide.collect import SAMPLE_FACTS
    from afterview.rules.documents import Document
    from afterview.rules.locate import builtin_names
    from afterview.rules.schema import check

    industries = [name.removeprefix("industry-") for name in builtin_names() if name.startswith("industry-")]
    assert len(industries) == 7
    for overrides in [{}, *({"industry": word} for word in industries)]:
        data = {**SAMPLE_FACTS, **overrides}
        assert check(Document("facts", data), "facts") == []
    assert check(Document("facts", {**SAMPLE_FACTS, "industry": 7}), "facts") != []  # the check does look
