"""Convenience entry points for using afterview from Python."""

from __future__ import annotations

from typing import Any

from .facts import Facts, build_facts
from .facts_input import FactsSource, read_facts_file
from .yamlfile import Document


def load_facts(source: str | dict[str, Any], *, default_country: str = "US", default_timezone: str | None = None) -> Facts:
    """Facts from a YAML file path or from a dict shaped like a facts file."""
    if isinstance(source, str):
        document = read_facts_file(source)
        raw = FactsSource(source, document.data, document)
    else:
        from .errors import FactsError
        from .schema_check import check

        document = Document("facts", source)
        problems = check(document, "facts")
        if problems:
            raise FactsError(problems=problems)
        raw = FactsSource("facts", source, document)
    return build_facts(raw, default_country=default_country, default_timezone=default_timezone)
