"""Every hook afterview calls, in one place. Plugins implement them with ``afterview.hookimpl``.

Hooks are called with keyword arguments only. An implementation may accept
fewer arguments than its spec, so new arguments can be added without
breaking plugins. ``app`` is always the ``afterview.Afterview`` host: use it
instead of reaching into internals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

if TYPE_CHECKING:
    from afterview.app import Afterview, Command, OutputFormat
    from afterview.guide import Page, SiteFile
    from afterview.guide.model import Site
    from afterview.planning.actions import Plan

hookspec = pluggy.HookspecMarker("afterview")
hookimpl = pluggy.HookimplMarker("afterview")
_Spec = TypeVar("_Spec", bound=Callable[..., Any])


def _phase(name: str) -> Callable[[_Spec], _Spec]:
    """Tag a spec with the phase it belongs to, for the generated hook reference."""
    def tag(spec: _Spec) -> _Spec:
        spec.afterview_phase = name  # type: ignore[attr-defined]
        return spec
    return tag


# ---- commands and outputs -------------------------------------------------


@hookspec
@_phase("Commands and outputs")
def register_commands(app: Afterview) -> list[Command] | None:
    """Called once when the CLI starts, to collect its subcommands.

    :param app: the host.
    :return: a list of ``afterview.Command``; each adds its own arguments to
        an argparse subparser and runs with the parsed arguments. Return an
        empty list (or None) to add nothing. A name already taken is an error.
    """


@hookspec
@_phase("Commands and outputs")
def register_output_formats(app: Afterview) -> list[OutputFormat] | None:
    """Called when a command needs the output formats (``plan --format``).

    :param app: the host.
    :return: a list of ``afterview.OutputFormat``, each with a unique ``name``
        and a ``render(plans, app, options) -> str | bytes`` function (an
        ``afterview.Renderer``; ``options`` is an ``afterview.RenderOptions``).
    """


# ---- planning -------------------------------------------------------------


@hookspec
@_phase("Planning")
def prepare_plan(app: Afterview, plan: Plan) -> None:
    """Called after the engine computes a plan and before any output renders it.

    :param app: the host.
    :param plan: the ``afterview.Plan``; change it in place (add, drop or
        reorder actions, edit explanations). The return value is ignored.
    """


@hookspec
@_phase("Planning")
def register_condition_operators(app: Afterview) -> dict[str, Any] | None:
    """Called once, before the first ruleset is loaded, to extend the ``when`` language.

    :param app: the host.
    :return: a mapping of operator names (lowercase, ``a_z0_9``) to a
        function ``test(actual, expected) -> bool``, or to a pair
        ``(words, test)`` where ``words`` reads well in explanations
        ("is at least"). Rulesets then write ``{field: seniority, at_least: senior}``.
        Operators from plugins do not run in a browser; keep them few.
    """


@hookspec
@_phase("Planning")
def register_template_filters(app: Afterview) -> dict[str, Any] | None:
    """Called once before the first message draft renders; in a guide build, before any ruleset loads.

    :param app: the host.
    :return: a mapping of Jinja2 filter names to functions, usable in ruleset
        templates as ``{{ value | name }}``.
    """


# ---- the guide site -------------------------------------------------------


@hookspec
@_phase("The guide site")
def register_site_pages(app: Afterview, site: Site) -> list[Page | SiteFile] | None:
    """Called once per guide build, after the built-in pages are collected (so after ``prepare_markdown``).

    :param app: the host.
    :param site: the ``afterview.guide.model.Site`` being built; read its
        ``pages`` (for example to link to them).
    :return: a list of ``Page`` (rendered with the site's templates) and
        ``SiteFile`` (written as they are) objects to add, or None; import
        both from ``afterview.guide``. Each path must be the plugin's own:
        one that afterview, a content page, a theme or another plugin also
        writes stops the build before it writes anything, with an error
        naming both.
    """


@hookspec(warn_on_impl=FutureWarning(
    "the hook prepare_jinja_environment is deprecated and goes in afterview 0.3: "
    "return filters from register_template_filters, which serves both drafts and the guide site"))
@_phase("The guide site")
def prepare_jinja_environment(app: Afterview, env: Any) -> None:
    """Called once per guide build, early: before any ruleset loads and before ``register_site_pages``, because
    processes that read and render the pages are forked with this environment. Deprecated: use
    ``register_template_filters``.

    :param app: the host.
    :param env: the ``jinja2.Environment``; add filters, globals or tests in
        place. The return value is ignored.
    """


@hookspec
@_phase("The guide site")
def prepare_markdown(app: Afterview, md: Any) -> None:
    """Called once per guide build, early, after ``prepare_jinja_environment``: before any ruleset loads and
    before ``register_site_pages``, because a process that reads the pages ahead renders their Markdown with
    this parser.

    :param app: the host.
    :param md: the ``markdown_it.MarkdownIt`` parser (raw HTML is off); enable
        rules or add plugins in place. The return value is ignored.
    """


@hookspec(warn_on_impl=FutureWarning(
    "the hook register_static_files is deprecated and goes in afterview 0.3: "
    "return SiteFile('static/NAME', data) from register_site_pages instead"))
@_phase("The guide site")
def register_static_files(app: Afterview) -> dict[str, bytes | str] | None:
    """Called once per guide build, to add files under ``static/``. Deprecated: return
    ``afterview.guide.SiteFile("static/NAME", data)`` from ``register_site_pages`` instead.

    :param app: the host.
    :return: a mapping of names (``"extra.css"``) to bytes or to paths of
        files to copy; a name that matches a built-in or theme file replaces it.
    """
