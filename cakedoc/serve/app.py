"""The preview server: sphinx-autobuild's parts, one port for both languages.

In: a :class:`~cakedoc.serve.rebuild.Rebuild`, the folders to watch and the
site folder.  Out: a Starlette app that serves the site folder (``/`` the
landing page, ``/zh/``, ``/en/``), watches the sources with sphinx-autobuild's
``RebuildServer`` (watchfiles), rebuilds on a change and then tells every
open page, in either language, to reload through its ``/websocket-reload``
socket; every HTML page also gets overlay.js, which shows the last build's
problems.  No server of our own: this is sphinx-autobuild's ``_create_app``
(sphinx_autobuild/__main__.py) with our rebuild, watch list and script.

Internals used (sphinx-autobuild 2025.8.25, pinned in pyproject.toml):
``RebuildServer``, ``IgnoreFilter`` and ``JavascriptInjectorMiddleware`` are
not a documented API, and :class:`InjectScripts` extends the middleware's
``script`` attribute.  If an upgrade changes them, tests/test_serve.py fails
(``test_edits_reload_both_languages_and_errors_show_over_the_page``: no reload, or
no overlay).
"""

from __future__ import annotations

from pathlib import Path

from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

from cakedoc.serve.rebuild import Rebuild

OVERLAY = (Path(__file__).parent / "overlay.js").read_text(encoding="utf-8")

#: What changes nothing in the site: editors' backups, bytecode, the sign-off
#: records beside the en pages, READMEs (conf.py excludes them).
IGNORED = [r"__pycache__", r"\.pyc$", r"~$", r"\.sw[px]$", r"/\.#", r"\.review\.yaml$",
           r"/README\.md$", r"\.tmp$"]


class InjectScripts(JavascriptInjectorMiddleware):
    """sphinx-autobuild's reload script, then the overlay's."""

    def __init__(self, app, ws_url: str) -> None:  # noqa: ANN001  (an ASGI app)
        super().__init__(app, ws_url)
        self.script += f"<script>\n{OVERLAY}</script>\n".encode("utf-8")


def create_app(rebuild: Rebuild, watch: list[Path], url_host: str) -> Starlette:
    site = rebuild.project.site
    ignore = IgnoreFilter([rebuild.project.builddir], IGNORED)
    watcher = RebuildServer(watch, ignore, change_callback=rebuild)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=site, html=True), name="static"),
        ],
        middleware=[Middleware(InjectScripts, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
