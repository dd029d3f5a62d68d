"""Words for people: dates, timing, Markdown as plain text, message drafts and explanations.

Plugins import the names in ``__all__`` from this package, never its modules;
each is imported on first use, so importing the package costs nothing.
"""

from __future__ import annotations

from afterview import _lazy_dir, _lazy_getattr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing

__all__ = [
    "date_changes", "day", "explain_rule", "explain_rule_alone", "field_changes", "markdown_fence", "markdown_inline",
    "moment", "no_raw_html", "overlay_text", "relative_day", "strip_controls", "template_context", "test_text",
    "timing_words", "unwrap", "visible_controls",
]

if TYPE_CHECKING:
    from afterview.text.dates import day as day
    from afterview.text.dates import moment as moment
    from afterview.text.dates import relative_day as relative_day
    from afterview.text.drafts import template_context as template_context
    from afterview.text.explain import explain_rule as explain_rule
    from afterview.text.explain import explain_rule_alone as explain_rule_alone
    from afterview.text.markdown_text import unwrap as unwrap
    from afterview.text.ruleset_diff import date_changes as date_changes
    from afterview.text.ruleset_diff import field_changes as field_changes
    from afterview.text.safe_text import markdown_fence as markdown_fence
    from afterview.text.safe_text import markdown_inline as markdown_inline
    from afterview.text.safe_text import no_raw_html as no_raw_html
    from afterview.text.safe_text import strip_controls as strip_controls
    from afterview.text.safe_text import visible_controls as visible_controls
    from afterview.text.scaffold import overlay_text as overlay_text
    from afterview.text.scaffold import test_text as test_text
    from afterview.text.timing_in_words import timing_words as timing_words

# Each module's exported names; a test holds them equal to __all__ and the imports above.
_EXPORTS = {
    "dates": ("day", "moment", "relative_day"),
    "drafts": ("template_context",),
    "explain": ("explain_rule", "explain_rule_alone"),
    "markdown_text": ("unwrap",),
    "ruleset_diff": ("date_changes", "field_changes"),
    "safe_text": ("markdown_fence", "markdown_inline", "no_raw_html", "strip_controls", "visible_controls"),
    "scaffold": ("overlay_text", "test_text"),
    "timing_in_words": ("timing_words",),
}
__getattr__ = _lazy_getattr(__name__, _EXPORTS, globals())
__dir__ = _lazy_dir(globals())
