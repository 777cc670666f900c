"""Bad input gets a clear error and never destroys the last good output (issue #8).

The fault matrix is one parametrised test, one case per fault.  Each case
breaks a copy of the project the way an author or a machine would, runs the
command that meets the fault (``make html``, ``make doctest``, ``make pdf``)
and asserts three things: the command fails, its output names the file (and
line, where there is one) and says what to do, with no Python traceback; and
the published output (``_build/html`` and ``_build/pdf``) is byte for byte
what the last good build left.

Speed: the project is copied and built once per module (``prepared``); each
case restores that built tree, so Sphinx re-reads only the page a case
breaks.  The tree is always restored to the same path, because Sphinx's
environment remembers absolute paths and re-reads everything when they move.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cakedoc.dates import source_epoch
from cakedoc.pdf.latexrun import REQUIRED_TOOLS
from conftest import ROOT

VENV = ROOT / ".venv"
#: What a fresh copy takes from the real project: the sources, the diagram
#: cache (so only a diagram a case adds is rendered) and the last good PDFs.
IGNORED = shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", "*.egg-info",
                                 "html", "staging", "doctrees", "doctest", "test-artifacts",
                                 "linkcheck", "serve", "dist", "review", "review-pdf")
PUBLISHED = ("_build/html", "_build/pdf")


def make_command(target: str) -> list[str]:
    """``make TARGET`` as an author runs it, with the real venv.  ``-o`` keeps
    make from ever reinstalling into that venv (it would point its editable
    install at this copy)."""
    return ["make", "--no-print-directory", "-o", f"{VENV}/.installed", target, f"VENVDIR={VENV}"]


def make_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": str(source_epoch()), **(extra or {})}


def make(project: Path, target: str,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(make_command(target), cwd=project, capture_output=True, text=True,
                          timeout=600, env=make_env(env))


def published(project: Path) -> dict[str, str]:
    """A hash of every published file, by path."""
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for top in PUBLISHED for path in sorted((project / top).rglob("*")) if path.is_file()
    }


@dataclass(frozen=True)
class Prepared:
    project: Path  #: where every case runs
    pristine: Path  #: the built tree each case starts from
    site: dict[str, str]  #: hashes of what the good build published


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    base = tmp_path_factory.mktemp("faults")
    project, pristine = base / "project", base / "pristine"
    shutil.copytree(ROOT, project, ignore=IGNORED, symlinks=True)
    (project / "tools" / "npm" / "node_modules").symlink_to(ROOT / "tools" / "npm" / "node_modules")
    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(project, pristine, symlinks=True)
    return Prepared(project, pristine, published(project))


def restore(prepared: Prepared) -> Path:
    """The built tree, fresh; copy2 keeps mtimes, so nothing looks changed."""
    shutil.rmtree(prepared.project)
    shutil.copytree(prepared.pristine, prepared.project, symlinks=True)
    return prepared.project


def append(project: Path, page: str, block: str) -> int:
    """Add *block* at the end of *page*, after a blank line; its first line's number."""
    path = project / page
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "\n" + block, encoding="utf-8")
    return text.count("\n") + 2


# -- the faults ------------------------------------------------------------------
# Each returns what to run and what the output must say: the file (and line)
# first, then the words that tell the author what is wrong.

@dataclass
class Run:
    target: str = "html"
    expect: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    #: Runs `make target` and kills it; the next build must then recover.
    interrupt: Callable[[Path], subprocess.CompletedProcess[str]] | None = None


def appended(page: str, block: str, *words: str) -> Callable[[Path], Run]:
    """The fault of adding *block* to *page*: the output must say page:line and *words*."""
    def inject(project: Path) -> Run:
        line = append(project, page, block)
        return Run(expect=(f"{page}:{line}:", *words))
    return inject


def page_without_counterpart(project: Path) -> Run:
    # Deleted, not added: no zh page changes, yet the zh build must notice.
    (project / "docs" / "en" / "chips.md").unlink()
    return Run(expect=("docs/zh/chips.md:1:", "no English counterpart", "create docs/en/chips.md"))


def failing_glossary_doctest(project: Path) -> Run:
    entry = project / "glossary" / "hbm.md"
    good = "{'HBM3 (JESD238)': 819.2,"
    text = entry.read_text(encoding="utf-8")
    assert good in text
    entry.write_text(text.replace(good, good.replace("819.2", "819.3"), 1), encoding="utf-8")
    # Sphinx's doctest report names the file relative to the source folder.
    return Run(target="doctest", expect=('glossary/hbm.md", line ', "Expected:", "819.3", "Got:"))


def malformed_front_matter(project: Path) -> Run:
    page = project / "docs" / "en" / "chips.md"
    page.write_text("---\ntitle: [never closed\n---\n" + page.read_text(encoding="utf-8"),
                    encoding="utf-8")
    return Run(expect=("docs/en/chips.md:1:", "Malformed YAML"))


def not_utf8(project: Path) -> Run:
    page = project / "docs" / "en" / "chips.md"
    text = page.read_bytes()
    page.write_bytes(text + "\nCaf\xe9 au lait.\n".encode("latin-1"))
    line = text.count(b"\n") + 2
    return Run(expect=(f"docs/en/chips.md:{line}:", "not UTF-8", "save it as UTF-8"))


def duplicate_label(project: Path) -> Run:
    append(project, "docs/en/chips.md", "(cake-duplicate)=\n## One\n")
    line = append(project, "docs/en/energy.md", "(cake-duplicate)=\n## Two\n")
    # Sphinx reports the second one read, naming the first: energy after chips.
    return Run(expect=(f"docs/en/energy.md:{line + 1}:", "duplicate label cake-duplicate",
                       "docs/en/chips.md"))


def unsafe_raw_html(project: Path) -> Run:
    script = append(project, "docs/zh/chips.md", "<script>alert(1)</script>\n")
    iframe = append(project, "docs/en/chips.md", '<iframe src="https://example.com/"></iframe>\n')
    handler = append(project, "docs/en/chips.md", 'A <span onclick="alert(1)">click</span>.\n')
    # Any file that exists will do as the image: only its :target: matters.
    target = append(project, "docs/en/chips.md", "```{image} ../../cakedoc/static/cake.css\n"
                    ":alt: x\n:target: javascript:alert(1)\n```\n")
    return Run(expect=(
        f"docs/zh/chips.md:{script}: WARNING: raw HTML with a <script> element",
        f"docs/en/chips.md:{iframe}: WARNING: raw HTML with an <iframe> element",
        f"docs/en/chips.md:{handler}: WARNING: raw HTML with an on…= event attribute",
        f"docs/en/chips.md:{target}: WARNING: link to a javascript: URL",
        "cake.unsafe"))


def jieba_missing(project: Path) -> Run:
    # A module that refuses to import stands in for an uninstalled jieba.
    blocker = project.parent / "no-jieba"
    blocker.mkdir(exist_ok=True)
    (blocker / "jieba.py").write_text("raise ImportError('No module named jieba')\n")
    return Run(expect=("jieba is not importable", "make venv"), env={"PYTHONPATH": str(blocker)})


def chromium_missing(project: Path) -> Run:
    # Every diagram needs drawing again: the copy's own cache, emptied.
    shutil.rmtree(project / "_build" / ".cache" / "diagrams")
    return Run(expect=("Chromium is not installed at /nonexistent/chromium", "make bootstrap"),
               env={"CAKE_CHROMIUM": "/nonexistent/chromium"})


def tex_missing(project: Path) -> Run:
    """PATH holds every program the build finds on this machine but TeX's."""
    bin_dir = project.parent / "bin-without-tex"
    shutil.rmtree(bin_dir, ignore_errors=True)
    bin_dir.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            link = bin_dir / entry.name
            if entry.name in REQUIRED_TOOLS or link.exists() or link.is_symlink():
                continue
            if entry.is_file() and os.access(entry.path, os.X_OK):
                link.symlink_to(entry.path)
    assert all(shutil.which(tool, path=str(bin_dir)) is None for tool in REQUIRED_TOOLS)
    return Run(target="pdf", expect=("the TeX toolchain is missing", "xelatex", "make bootstrap"),
               env={"PATH": str(bin_dir)})


def kill_half_way(project: Path) -> subprocess.CompletedProcess[str]:
    """Start `make html`, kill its whole process group while Sphinx reads:
    as soon as it has saved the first page it read (a fresh doctree)."""
    started = time.time()
    process = subprocess.Popen(make_command("html"), cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env=make_env())
    doctrees = project / "_build" / "doctrees"
    deadline = started + 300
    while process.poll() is None and time.time() < deadline and not any(
            path.stat().st_mtime >= started for path in doctrees.rglob("*.doctree")):
        time.sleep(0.02)
    assert process.poll() is None, "make html ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def build_killed_half_way(project: Path) -> Run:
    # Every page changed: the build has a lot to do when it is killed.
    now = time.time()
    for page in (project / "docs").rglob("*.md"):
        os.utime(page, (now, now))
    return Run(interrupt=kill_half_way)  # killed: nothing gets to say anything


FAULTS: dict[str, Callable[[Path], Run]] = {
    "mermaid-syntax-error": appended(
        "docs/en/chips.md", "```{mermaid}\nflowchart LR\n  a[[[ -->\n```\n",
        "mermaid could not render", "Parse error"),
    "empty-diagram": appended("docs/zh/chips.md", "```{mermaid}\n```\n", "mermaid", "without content"),
    "unknown-term": appended("docs/zh/chips.md", "{term}`不存在的术语 <no-such-term>`\n", "no-such-term"),
    "broken-ref": appended("docs/en/energy.md", "See {ref}`no-such-label`.\n",
                           "undefined label", "no-such-label"),
    "broken-doc": appended("docs/en/energy.md", "See {doc}`no-such-page`.\n",
                           "unknown document", "no-such-page"),
    "broken-markdown-link": appended("docs/en/models.md", "See [the missing page](no-such-page.md).\n",
                                     "target not found", "no-such-page.md"),
    "missing-image": appended("docs/en/models.md", "![A chart](img/missing-chart.png)\n",
                              "image file not readable", "img/missing-chart.png"),
    "page-without-counterpart": page_without_counterpart,
    "failing-glossary-doctest": failing_glossary_doctest,
    "malformed-front-matter": malformed_front_matter,
    "not-utf8": not_utf8,
    "duplicate-label": duplicate_label,
    "unsafe-raw-html": unsafe_raw_html,
    "jieba-missing": jieba_missing,
    "chromium-missing": chromium_missing,
    "tex-missing": tex_missing,
    "killed-half-way": build_killed_half_way,
}


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_clearly_and_keeps_the_published_output(prepared: Prepared, fault: str) -> None:
    project = restore(prepared)
    run = FAULTS[fault](project)
    if run.interrupt:
        result = run.interrupt(project)
    else:
        result = make(project, run.target, env=run.env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for expected in run.expect:
        assert expected in output, f"{expected!r} not in:\n{output}"
    assert "Traceback" not in output, output
    # Our checks say each problem in a page once (not once per colour scheme).
    problems = [line for line in output.splitlines() if "[cake." in line and ".md:" in line]
    assert len(problems) == len(set(problems)), output
    assert published(project) == prepared.site, "the published output changed"
    if run.interrupt:
        # The next build recovers, and publishes what the good one did.
        result = make(project, "html")
        assert result.returncode == 0, result.stdout + result.stderr
        assert published(project) == prepared.site


def test_running_a_failed_build_again_fails_again(prepared: Prepared) -> None:
    """Sphinx re-reads only changed pages: without cakedoc.build.recovery the second
    run would repeat no warning, succeed and publish the broken page."""
    project = restore(prepared)
    FAULTS["broken-ref"](project)
    for attempt in ("first", "second"):
        result = make(project, "html")
        assert result.returncode != 0, f"{attempt} run: {result.stdout}{result.stderr}"
        assert "no-such-label" in result.stderr, f"{attempt} run: {result.stderr}"
    assert published(project) == prepared.site


def test_a_page_gone_from_the_sources_is_gone_from_the_site(prepared: Prepared) -> None:
    """Sphinx never deletes output: without cakedoc.build.prune the page of a
    removed source stays in staging and is published for ever."""
    project = restore(prepared)
    leftover = project / "_build" / "staging" / "html" / "en" / "removed-page.html"
    leftover.write_text("<!DOCTYPE html><title>a page since removed</title>", encoding="utf-8")
    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not leftover.exists()
    # The same files as the good build published.  Not the same bytes: on an
    # incremental build Sphinx 9.0.4 leaves out of searchindex.js the index
    # entries of pages it does not rewrite (IndexBuilder.load skips them).
    assert published(project).keys() == prepared.site.keys()


def test_make_pdf_never_publishes_the_html_of_a_failed_build(prepared: Prepared) -> None:
    """make pdf republishes the site with its PDFs (republish-html): it must
    start from the published site, not from a staging tree that a failed or
    killed make html left behind."""
    project = restore(prepared)
    FAULTS["broken-ref"](project)
    assert make(project, "html").returncode != 0
    result = make(project, "republish-html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert published(project) == prepared.site
