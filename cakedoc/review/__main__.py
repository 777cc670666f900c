"""The translation review on the command line (the Makefile's `review` targets).

    python -m cakedoc.review check --source zh [--html DIR --staging DIR] [--json FILE]
    python -m cakedoc.review accept PAGE [BLOCK] --source zh
    python -m cakedoc.review pdf OUTPUT.pdf --source zh [--latexdir DIR]
    python -m cakedoc.review serve --html DIR --staging DIR [--port 8002] --source zh

``check`` prints one line per finding and exits 1 if any is an error (strict
mode, for CI); with ``--html`` it also publishes the review edition (and its
report.json) atomically.  ``serve`` serves the edition on 127.0.0.1 and signs
off from the browser (:mod:`cakedoc.review.serve`).  ``--source`` defaults to $SOURCE_LANGUAGE.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cakedoc.review.pages import Project, SettingError


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m cakedoc.review", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project root (default: .)")
    parser.add_argument("--source", default=os.environ.get("SOURCE_LANGUAGE"),
                        help="the source language (default: $SOURCE_LANGUAGE)")
    # The same two after the command too (`check --source zh`); SUPPRESS keeps
    # a value given before the command when none is given after it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--source", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", parents=[common],
                                help="report every finding; exit 1 on any error")
    check.add_argument("--html", type=Path, help="publish the review edition here")
    check.add_argument("--staging", type=Path, help="build the review edition here first")
    check.add_argument("--json", type=Path, help="also write the JSON report here")
    accept = commands.add_parser("accept", parents=[common], help="sign off a page, or one block of it")
    accept.add_argument("page", help="the page: its path under docs/<lang>/ without .md")
    accept.add_argument("block", nargs="?", type=int, help="one block's number (default: all)")
    pdf = commands.add_parser("pdf", parents=[common], help="build the bilingual PDF for print review")
    pdf.add_argument("output", type=Path)
    pdf.add_argument("--latexdir", type=Path, help="where the LaTeX is written and compiled")
    serve = commands.add_parser("serve", parents=[common],
                                help="serve the review edition on 127.0.0.1; sign off from the browser")
    serve.add_argument("--html", type=Path, required=True, help="where the edition is published")
    serve.add_argument("--staging", type=Path, required=True, help="where it is built first")
    serve.add_argument("--port", type=int, default=8002)
    options = parser.parse_args(argv)
    if not options.source:
        parser.error("give the source language: --source zh (or set SOURCE_LANGUAGE)")
    if options.command == "check" and options.html and not options.staging:
        parser.error("--html needs --staging: the edition is built there, then published")
    return options


def check(project: Project, options: argparse.Namespace) -> int:
    from cakedoc.review import report
    from cakedoc.review.check import review

    result = review(project)
    if options.html:
        from cakedoc.site.atomic import publish
        from cakedoc.review import html

        html.build(result, options.staging)
        publish(options.staging, options.html)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(report.as_json(result), encoding="utf-8")
    for line in report.terminal(result):
        print(line)
    where = f"; the review edition is {options.html}/index.html" if options.html else ""
    print(report.summary(result) + where)
    return 1 if result.errors else 0


def main(argv: list[str] | None = None) -> int:
    options = arguments(sys.argv[1:] if argv is None else argv)
    try:
        project = Project.create(options.root, options.source)
        if options.command == "check":
            return check(project, options)
        if options.command == "accept":
            from cakedoc.review.accept import accept

            print(accept(project, options.page, options.block))
            return 0
        if options.command == "serve":
            from cakedoc.review.serve import serve

            server = serve(project, options.html, options.staging, options.port)
            print(f"review-serve: http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops it)", flush=True)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            return 0
        from cakedoc.review import latex
        from cakedoc.review.check import review

        return latex.build(review(project), options.output, options.latexdir)
    except SettingError as error:
        print(f"review: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
