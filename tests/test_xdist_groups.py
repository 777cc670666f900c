"""`make test`'s worker groups hold (tests/xdist_groups.py), on a throwaway
suite of trivial tests run with the Makefile's own pytest flags: each file
on one worker, the tour's readers together, a long file first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from conftest import ROOT

TRIVIAL = "def test_{n}({fixture}):\n    pass\n\n"
LONG = "import pytest\n\npytestmark = pytest.mark.long(seconds=100)\n\n"


def makefile_test_flags() -> list[str]:
    """TESTFLAGS, as the Makefile's test recipe passes them to pytest."""
    found = re.search(r"^TESTFLAGS\s*=(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert found, "the Makefile sets no TESTFLAGS"
    return found.group(1).split()
CONFTEST = """import pytest\n\n@pytest.fixture(scope="session")\ndef tour():\n    return 1\n"""


def test_each_file_and_the_tour_readers_stay_on_one_worker(tmp_path: Path) -> None:
    suite = {"test_alone_a.py": "", "test_alone_b.py": "",
             "test_reads_tour_a.py": "tour", "test_reads_tour_b.py": "tour",
             # Last in collection order, and the fewest tests (xdist's own
             # order, most tests first, would put it last too).
             "test_zz_long.py": ""}
    for name, fixture in suite.items():
        head = LONG if "long" in name else ""
        count = 2 if "long" in name else 6
        (tmp_path / name).write_text(head + "".join(TRIVIAL.format(n=n, fixture=fixture)
                                                    for n in range(count)), encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", *makefile_test_flags(), "-v", "--color=no",
         "-p", "xdist_groups", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "-c", os.devnull, str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tests")})
    assert result.returncode == 0, result.stdout + result.stderr
    workers: dict[str, set[str]] = defaultdict(set)
    first_on: dict[str, str] = {}
    for worker, file, group in re.findall(r"\[(gw\d+)\].*PASSED (test_\w+\.py)::test_\d+@(\S+)",
                                          result.stdout):
        assert group == ("tour" if "tour" in file else file), (file, group)
        workers[file].add(worker)
        first_on.setdefault(worker, file)
    assert sorted(workers) == sorted(suite), result.stdout
    assert all(len(used) == 1 for used in workers.values()), dict(workers)
    assert workers["test_reads_tour_a.py"] == workers["test_reads_tour_b.py"]
    # The long file is the first its worker ran.
    assert first_on[next(iter(workers["test_zz_long.py"]))] == "test_zz_long.py", first_on
