"""A build step runs again exactly when one of its inputs changed
(cakedoc/build/unchanged.py, the Makefile's up-to-date check).

Each test runs a step whose command counts its runs in a file, on a small
folder of inputs, and changes one thing between two runs.  That the whole
project's steps are wired to it — a no-op `make html` runs no Sphinx and
leaves the site as it was — is shown on the built copy in tests/test_faults.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cakedoc.build import unchanged


class Step:
    """A step over ``inputs/`` with the output ``out.txt``; its command
    appends a line to ``runs.txt`` (and writes ``out.txt``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.inputs = root / "inputs"
        (self.inputs / "pages").mkdir(parents=True)
        (self.inputs / "pages" / "a.md").write_text("# A\n")
        (self.inputs / "conf.py").write_text("x = 1\n")
        self.cache = root / "cache"
        (self.cache / "ab").mkdir(parents=True)
        (self.cache / "ab" / "abcd.svg").write_text("<svg/>")
        self.runs = root / "runs.txt"
        self.output = root / "out.txt"
        self.stamp = root / "stamps" / "step.json"

    def command(self, exit_status: int = 0) -> list[str]:
        return [sys.executable, "-c",
                f"import sys; open({str(self.runs)!r}, 'a').write('run\\n'); "
                f"open({str(self.output)!r}, 'w').write('built'); sys.exit({exit_status})"]

    def run(self, *extra: list[str], exit_status: int = 0) -> int:
        return unchanged.run(self.stamp, "step", [self.inputs], [self.command(exit_status), *extra],
                             outputs=[self.output], present=self.cache,
                             ignored=frozenset({self.inputs / "generated", self.cache / "stats"}))

    def count(self) -> int:
        return len(self.runs.read_text().splitlines()) if self.runs.exists() else 0


@pytest.fixture
def step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Step:
    for name in list(os.environ):
        if name in unchanged.ENVIRONMENT or name.startswith("CAKE_"):
            monkeypatch.delenv(name)
    return Step(tmp_path)


def touch_later(path: Path) -> None:
    """A new modification time, whatever the file system's clock resolution."""
    later = path.stat().st_mtime_ns + 10_000_000
    os.utime(path, ns=(later, later))


def test_a_step_runs_once_then_says_nothing_changed(step: Step, capsys: pytest.CaptureFixture[str]) -> None:
    assert step.run() == 0 and step.count() == 1
    assert capsys.readouterr().out == ""  # the command's own output only
    assert step.run() == 0 and step.count() == 1
    assert capsys.readouterr().out == "step: nothing changed since its last successful build\n"


@pytest.mark.parametrize("change", [
    "edited", "added", "removed", "touched", "renamed"])
def test_any_change_to_an_input_runs_it_again(step: Step, change: str) -> None:
    step.run()
    page = step.inputs / "pages" / "a.md"
    if change == "edited":
        page.write_text("# A, longer\n")
    elif change == "added":
        (step.inputs / "pages" / "b.md").write_text("# B\n")
    elif change == "removed":
        page.unlink()
    elif change == "touched":
        touch_later(page)
    else:
        page.rename(page.with_name("c.md"))
    step.run()
    assert step.count() == 2


@pytest.mark.parametrize("name", ["SOURCE_DATE_EPOCH", "BASE_URL", "BUILDDIR", "PYTHONPATH",
                                  "CAKE_CHROMIUM"])
def test_a_setting_read_from_the_environment_runs_it_again(step: Step, monkeypatch: pytest.MonkeyPatch,
                                                           name: str) -> None:
    step.run()
    monkeypatch.setenv("SOME_OTHER_VARIABLE", "1")  # read by no build: changes nothing
    step.run()
    assert step.count() == 1
    monkeypatch.setenv(name, "2")
    step.run()
    assert step.count() == 2


def test_another_command_line_runs_it_again(step: Step) -> None:
    step.run()
    step.run([sys.executable, "-c", "pass"])
    assert step.count() == 2


def test_a_missing_output_runs_it_again(step: Step) -> None:
    step.run()
    step.output.unlink()
    step.run()
    assert step.count() == 2 and step.output.exists()


def test_a_diagram_gone_from_the_cache_runs_it_again_one_added_does_not(step: Step) -> None:
    step.run()
    (step.cache / "cd").mkdir()
    (step.cache / "cd" / "cdef.svg").write_text("<svg/>")  # another build drew one more
    (step.cache / "stats").mkdir()
    (step.cache / "stats" / "html-en.json").write_text("{}")  # and counted what it drew
    step.run()
    assert step.count() == 1
    # A diagram another build was writing when the stamp was made (a
    # temporary name, renamed since) is not a diagram gone.
    (step.cache / "ab" / ".tmp-x1y2").write_text("<sv")
    step.output.unlink()  # the step runs, and stamps with the temporary file there
    step.run()
    (step.cache / "ab" / ".tmp-x1y2").rename(step.cache / "ab" / "ef01.svg")
    step.run()
    assert step.count() == 2
    (step.cache / "ab" / "abcd.svg").unlink()
    step.run()
    assert step.count() == 3


def test_what_the_build_writes_itself_is_not_an_input(step: Step) -> None:
    step.run()
    (step.inputs / "generated").mkdir()
    (step.inputs / "generated" / "stub.md").write_text("stub\n")
    (step.inputs / "__pycache__").mkdir()
    (step.inputs / "__pycache__" / "conf.cpython-311.pyc").write_bytes(b"\0")
    (step.inputs / "cakedoc.mo").write_bytes(b"\0")  # Sphinx compiled cakedoc.po
    step.run()
    assert step.count() == 1


def test_a_failed_step_leaves_no_stamp_and_runs_again(step: Step) -> None:
    assert step.run() == 0 and step.stamp.exists()
    touch_later(step.inputs / "conf.py")
    assert step.run(exit_status=3) == 3 and not step.stamp.exists()
    # Nothing changed since the failure: it must fail again, not pass.
    assert step.run(exit_status=3) == 3
    assert step.count() == 3


def test_commands_run_in_order_and_stop_at_the_first_failure(step: Step) -> None:
    later = step.root / "later.txt"
    failing = [sys.executable, "-c", "import sys; sys.exit(4)"]
    writes = [sys.executable, "-c", f"open({str(later)!r}, 'w').write('x')"]
    assert step.run(failing, writes) == 4
    assert step.count() == 1 and not later.exists()


def test_an_input_edited_while_it_runs_makes_the_next_run_build(step: Step) -> None:
    page = step.inputs / "pages" / "a.md"
    edit = [sys.executable, "-c",
            f"import os; p = {str(page)!r}; open(p, 'a').write('more\\n'); "
            f"t = os.stat(p).st_mtime_ns + 10_000_000; os.utime(p, ns=(t, t))"]
    step.run(edit)
    step.run(edit)
    assert step.count() == 2


def test_the_command_line_splits_at_each_double_dash() -> None:
    assert unchanged.split_commands(["rm", "-rf", "x", "--", "sphinx-build", "--keep-going", "a"]) == \
        [["rm", "-rf", "x"], ["sphinx-build", "--keep-going", "a"]]
    assert unchanged.main(["stamp", "--label", "x", "--inputs", "y"]) == 2

