"""Compiled template code from the user cache renders exactly what Jinja2 compiles from the source."""

from __future__ import annotations

from typing import Any

import pytest

from afterview import _cache
from afterview.rules.validate import sample_facts
from afterview.text.drafts import DraftRenderer, template_context
from afterview.text.template_code import environment_key

pytestmark = pytest.mark.cold_cache  # these tests count and damage the files in the cache folder

SOURCE = ("Dear {{ interviewer.greeting | default('team') }},\n\n"
          "{% if company %}Thank you for the {{ the_role }} interview at {{ company | upper }}.{% else %}Thanks.{% endif %}\n"
          "{{ topics | join(', ') }} {{ 'constant' | capitalize }}")


def compiled_files() -> list[str]:
    folder = _cache.cache_dir()
    assert folder is not None
    return sorted(p.name for p in folder.glob("jinja-*.code"))


def test_a_cached_template_renders_what_from_string_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = sample_facts()
    first = DraftRenderer().render_text(SOURCE, facts)
    assert len(compiled_files()) == 1
    env = DraftRenderer().environment()
    expected = env.from_string(SOURCE).render(template_context(facts)).strip()
    assert first == expected
    assert "Thank you for the" in first and "Constant" in first

    compiles: list[str] = []
    again = DraftRenderer()
    monkeypatch.setattr(again.environment(), "compile", lambda source, *a, **k: compiles.append(source))
    assert again.render_text(SOURCE, facts) == expected  # from the cached code: nothing compiled
    assert compiles == []


def test_a_damaged_cache_file_is_compiled_again() -> None:
    facts = sample_facts()
    expected = DraftRenderer().render_text(SOURCE, facts)
    folder = _cache.cache_dir()
    assert folder is not None
    for name in compiled_files():
        (folder / name).write_bytes(b"not marshal data")
    assert DraftRenderer().render_text(SOURCE, facts) == expected


def test_plugin_filters_turn_the_disk_cache_off() -> None:
    """Jinja2 folds a filter applied to a constant into the code: a plugin's filter must not be cached."""
    def shout(text: Any) -> str:
        return f"{text}!"

    assert environment_key({"shout": shout}) is None
    facts = sample_facts()
    assert DraftRenderer({"shout": shout}).render_text("{{ 'hi' | shout }}", facts) == "hi!"
    assert len(compiled_files()) == 0
    assert DraftRenderer().render_text("{{ company }}", facts) == template_context(facts)["company"]
    assert len(compiled_files()) == 1
