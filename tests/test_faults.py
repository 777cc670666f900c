"""Bad input gets a clear error and never destroys the last good output (issue #8).

The fault matrix is one parametrised test, one case per fault.  Each case
breaks a copy of the project the way an author or a machine would, runs the
command that meets the fault (``make html``, ``make pdf``) and asserts three
things: the command fails, its output names the file (and line, where there
is one) and says what to do, with no Python traceback; and the published
output (``_build/html`` and ``_build/pdf``) is byte for byte what the last
good build left.

Only what the Makefile alone can show is here: that a warning in a page
fails ``make html`` and publishes nothing (one page fault stands for all),
a build killed half-way, a missing TeX, Chromium or jieba, and that ``make
pdf`` republishes the published site, never a failed build's staging tree.
Every other mistake an author can make — a broken diagram, term, link,
image, label, doctest, front matter or encoding, a page without
counterpart, unsafe raw HTML, a remote resource — is a case of
tests/test_small_sites.py or tests/test_guards.py, on a small site, in
seconds; so are a failed build failing again (cakedoc.build.recovery) and a
removed page leaving the site (cakedoc.build.prune).

Speed: the project is copied and built once per worker (``built_copy``,
tests/builtcopy.py); each case restores that built tree, so Sphinx re-reads
only the page a case breaks.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from builtcopy import Prepared, make, make_command, make_env, published, restore
from cakedoc.pdf.latexrun import REQUIRED_TOOLS

# Long (a make run per fault, on the built copy of the project that it shares
# with tests/test_reproducible.py; about 60 s on a quiet machine): `make test`
# starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=60)


@pytest.fixture
def prepared(built_copy: Prepared) -> Prepared:
    return built_copy


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
    """Start `make html`, kill its whole process group while Sphinx reads
    the zh pages: once it has saved one it read (a fresh doctree), and once
    the en build, which had only its counterparts' dates to check, has ended
    (its stamp written): so the kill hits one language, deterministically,
    and the recovery re-reads one language, not two."""
    started = time.time()
    process = subprocess.Popen(make_command("html"), cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env=make_env())
    doctrees = project / "_build" / "doctrees"

    def written_since_start(path: Path) -> bool:
        try:
            return path.stat().st_mtime >= started
        except FileNotFoundError:  # the en stamp, between its removal and its writing
            return False

    def halfway() -> bool:
        return written_since_start(doctrees / "html-en" / "cake-inputs.json") and any(
            written_since_start(path) for path in (doctrees / "html-zh").rglob("*.doctree"))

    deadline = started + 300
    while process.poll() is None and time.time() < deadline and not halfway():
        time.sleep(0.02)
    assert process.poll() is None, "make html ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def build_killed_half_way(project: Path) -> Run:
    # Every zh page changed: the zh build has a lot to do when it is killed.
    now = time.time()
    for page in (project / "docs" / "zh").rglob("*.md"):
        os.utime(page, (now, now))
    return Run(interrupt=kill_half_way)  # killed: nothing gets to say anything


#: Not in the matrix: the fault the last test starts from.
broken_ref = appended("docs/en/energy.md", "See {ref}`no-such-label`.\n",
                      "undefined label", "no-such-label")

FAULTS: dict[str, Callable[[Path], Run]] = {
    # One mistake in a page, for all of them (tests/test_small_sites.py,
    # tests/test_guards.py): a warning fails `make html`, which names the
    # file and line and publishes nothing.
    "remote-image": appended(
        "docs/en/models.md", "![A chart](https://example.org/chart.png)\n",
        "image loads https://example.org/chart.png from another host", "cake.remote"),
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


def test_make_pdf_never_publishes_the_html_of_a_failed_build(prepared: Prepared) -> None:
    """make pdf republishes the site with its PDFs (republish-html): it must
    start from the published site, not from a staging tree that a failed or
    killed make html left behind."""
    project = restore(prepared)
    broken_ref(project)
    assert make(project, "html").returncode != 0
    # PDFs made again (new files, the same bytes): republishing has to copy
    # them in, which it skips when the site already holds them.
    for book in (project / "_build" / "pdf").glob("*.pdf"):
        book.write_bytes(book.read_bytes())
    result = make(project, "republish-html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert published(project) == prepared.site


def test_make_html_runs_only_the_steps_whose_inputs_changed(prepared: Prepared) -> None:
    """The Makefile's up-to-date check (cakedoc/build/unchanged.py) on the
    whole project: nothing changed, no step runs and the site stays; a zh
    page saved again, the en build runs too (it reads its counterparts)."""
    project = restore(prepared)
    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("html-zh", "html-en", "publish"):
        assert f"{step}: nothing changed since its last successful build" in result.stdout, result.stdout
    assert published(project) == prepared.site
    page = project / "docs" / "zh" / "energy.md"
    page.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    stamp = project / "_build" / "doctrees" / "html-en" / "cake-inputs.json"
    before = stamp.read_text(encoding="utf-8")
    result = make(project, "stage-html-en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing changed" not in result.stdout, result.stdout
    assert stamp.read_text(encoding="utf-8") != before  # Sphinx ran, and succeeded
