"""``python -m cakedoc.serve`` (``make serve``): build both languages, then
serve them on one port and rebuild on every change.

In: the options below (defaults: this project).  Out: the server on
http://HOST:PORT/ until Ctrl+C; build problems in the terminal and in the
browser.  Watched: the pages (docs/), the glossary entries, conf.py and
cakedoc/ (templates, CSS, the extensions' code).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import uvicorn

from cakedoc.serve.app import create_app
from cakedoc.serve.rebuild import Project, Rebuild

ROOT = Path(__file__).resolve().parents[2]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m cakedoc.serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", type=Path, default=ROOT, help="the folder of conf.py")
    parser.add_argument("--docs", type=Path, default=None, help="holds zh/ and en/ (ROOT/docs)")
    parser.add_argument("--glossary", type=Path, default=None, help="ROOT/glossary")
    parser.add_argument("--builddir", type=Path, default=Path("_build"))
    parser.add_argument("--sphinxopts", default="", help="more sphinx-build options")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    root = args.root.resolve()
    project = Project(root=root, docs=(args.docs or root / "docs").resolve(),
                      glossary=(args.glossary or root / "glossary").resolve(),
                      builddir=args.builddir.resolve(),
                      sphinxopts=tuple(shlex.split(args.sphinxopts)))
    watch = [project.docs, project.glossary, root / "conf.py", root / "cakedoc"]
    rebuild = Rebuild(project)
    url = f"{args.host}:{args.port}"
    print("serve: first build of both languages", flush=True)
    rebuild()
    app = create_app(rebuild, [path for path in watch if path.exists()], url)
    print(f"serve: http://{url}/ (zh: http://{url}/zh/, en: http://{url}/en/); Ctrl+C stops",
          flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
