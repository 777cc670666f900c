"""Shared fixtures: the built site, a local server for it, and a real browser.

The site under test is what `make html` published in _build/html; `make test`
builds it first.  Pages are served on 127.0.0.1 and opened in Debian's
Chromium through Playwright (never a downloaded browser).
"""

from __future__ import annotations

import functools
import subprocess
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

# The same flags the diagram renderer starts Chromium with (no calls out, root).
from cakedoc.diagrams.renderer import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
LANGS = ("zh", "en")


@functools.cache
def entry_sheet(entry_id: str) -> str:
    """The page holding one of the project's glossary entries in the built
    site (conf.py keeps the default sheet size): ``glossary/terms/chips``."""
    from cakedoc.glossary import stubs
    from cakedoc.glossary.entries import load

    return stubs.sheet_of(load(ROOT / "glossary"), stubs.SHEET_SIZE)[entry_id]


def entry_href(entry_id: str) -> str:
    """A link to an entry from a page at the top of its language's folder."""
    return f"{entry_sheet(entry_id)}.html#term-{entry_id}"


def site_pages(lang: str) -> list[str]:
    """Every HTML page of one language, as paths relative to the site root
    (never none: a loop over them must have something to check); not the
    glossary entries' addresses, which only send a reader on to a sheet
    (cakedoc.glossary.redirects; tests/test_glossary.py checks them)."""
    from cakedoc.glossary.stubs import is_entry_address

    pages = sorted(p.relative_to(SITE).as_posix() for p in (SITE / lang).rglob("*.html")
                   if not is_entry_address(p.relative_to(SITE / lang).as_posix()
                                           .removesuffix(".html")))
    assert pages, f"no pages under {SITE / lang}: run `make html` (make test does)"
    return pages


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} holds no built site: run `make html` (make test does)")
    return SITE


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The published site on http://127.0.0.1:<free port>/."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.fail("Debian's chromium is not installed: run `make bootstrap` as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """A browser page that records console errors and every request made."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on("request", lambda req: self.requests.append(req.url))

    def foreign_requests(self) -> list[str]:
        """Requests to anywhere but the local server or the local disk."""
        return [
            url for url in self.requests
            if urlparse(url).scheme not in ("file", "data", "blob", "about")
            and urlparse(url).hostname != "127.0.0.1"
        ]


def offline_context(browser: object, **options: object) -> object:
    """A browser context in which nothing may leave the machine: requests to
    other hosts fail at once, so a page that tries is caught (PageWatch
    records the attempt) instead of hanging on the closed network."""
    context = browser.new_context(**options)
    context.route(
        lambda url: urlparse(url).scheme in ("http", "https")
        and urlparse(url).hostname != "127.0.0.1",
        lambda route: route.abort(),
    )
    return context


@pytest.fixture(scope="session")
def tour(browser: object, server: str) -> object:
    """Every page in both colour schemes, visited once for all the in-page
    checks (tests/tour.py)."""
    from tour import visit_site

    return visit_site(browser, server)


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The project copied and built from nothing (tests/builtcopy.py), for
    the fault matrix, the reproducibility check and the deployed site."""
    from builtcopy import build_copy

    return build_copy(tmp_path_factory.mktemp("built-copy"))


@pytest.fixture
def watched(browser: object) -> Iterator[PageWatch]:
    context = offline_context(browser)
    watch = PageWatch(context.new_page())
    yield watch
    context.close()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the project's sources (not its build) to break on purpose."""
    dest = tmp_path / "project"
    shutil.copytree(
        ROOT, dest,
        ignore=shutil.ignore_patterns(".git", ".venv", "_build", "node_modules",
                                      "__pycache__", "*.egg-info", ".cache"),
    )
    # The pinned npm packages are large and read-only here: share them.
    (dest / "tools" / "npm" / "node_modules").symlink_to(ROOT / "tools" / "npm" / "node_modules")
    return dest


def isolated_cache(project: Path) -> dict[str, str]:
    """A diagram cache of *project*'s own (the variable cakedoc reads)."""
    return {"CAKE_DIAGRAM_CACHE": str(project / "_build" / ".cache" / "diagrams")}


def seed_cache(project: Path) -> dict[str, str]:
    """Start from the real build's cache, so only what a test changes renders."""
    env = isolated_cache(project)
    shutil.copytree(ROOT / "_build" / ".cache" / "diagrams", env["CAKE_DIAGRAM_CACHE"],
                    dirs_exist_ok=True)
    return env


SPHINX_LANGUAGE = {"zh": "zh_CN", "en": "en"}


def sphinx_build(project: Path, lang: str, builder: str = "html",
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Build one language of *project* the way the Makefile does (strict)."""
    import os
    import sys

    out = project / "_build" / f"{builder}-{lang}"
    command = [
        sys.executable, "-m", "sphinx", "-q", "-b", builder, "-c", str(project),
        "-d", str(project / "_build" / f"doctrees-{builder}-{lang}"),
        "-n", "-W", "--keep-going", "-D", f"language={SPHINX_LANGUAGE[lang]}",
        str(project / "docs" / lang), str(out),
    ]
    return subprocess.run(command, capture_output=True, text=True, cwd=project,
                          env={**os.environ, **(env or {})}, timeout=600)


# -- small sites -------------------------------------------------------------------
# Extension behaviour is tested on small sites under tests/roots/test-*/, built
# in-process with Sphinx's own test harness (as Sphinx tests itself): seconds,
# where a copy of the whole project takes minutes.

# xdist_groups: which tests share a worker under `make test` (pytest-xdist).
pytest_plugins = ["sphinx.testing.fixtures", "xdist_groups"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"
