"""Built-in ``afterview site build`` and ``afterview site serve``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from afterview import Afterview, Command, Location, UsageError, hookimpl
from afterview.cli import http_url, port_number

if TYPE_CHECKING:
    from afterview.guide import GuideOptions


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ruleset", metavar="NAME|PATH", action="append",
                        help="rulesets to publish (default: the built-in default plus every built-in overlay)")
    parser.add_argument("--content", metavar="DIR", type=Path,
                        help="a folder of your own Markdown pages, added to the built-in ones; "
                             "a page with a built-in page's name (about.md) replaces it")
    parser.add_argument("--theme", metavar="DIR", type=Path,
                        help="a folder whose templates/ and static/ override the built-in ones by name")
    parser.add_argument("--base-url", metavar="URL", type=http_url("--base-url"),
                        help="the published address: adds canonical links and sitemap.xml")
    parser.add_argument("--developer-docs", action="store_true",
                        help="add the plugin author's guide and the hook reference")


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="write the guide site", description="Write the guide site atomically.")
    build.add_argument("-o", "--output", metavar="DIR", type=Path, default=Path("public"), help="default: public/")
    _common(build)
    serve = actions.add_parser("serve", help="serve the guide on localhost and rebuild on changes")
    serve.add_argument("--port", type=port_number, default=8000, help="default: 8000")
    serve.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    _common(serve)


def _options(args: argparse.Namespace) -> GuideOptions:
    from afterview.guide import GuideOptions

    for flag, folder in (("--content", args.content), ("--theme", args.theme)):
        if folder is not None and not folder.is_dir():
            raise UsageError(f"'{folder}' is not a folder", location=Location(flag))
    return GuideOptions(args.ruleset or ["default"], args.content, args.theme, args.base_url, args.developer_docs)


def run(app: Afterview, args: argparse.Namespace) -> int:
    options = _options(args)
    if args.site_command == "serve":
        from afterview.guide import serve_site

        return serve_site(app, options, args.host, args.port)
    from afterview.guide import build_site

    start = time.perf_counter()
    result = build_site(app, args.output, options)
    print(f"built {result.pages} pages ({result.files} files) in {args.output} in {time.perf_counter() - start:.2f} s")
    return 0


@hookimpl
def register_commands(app: Afterview) -> list[Command]:
    return [Command("site", "build or serve the guide website", _configure, run)]
