"""`make test`'s worker groups hold (tests/xdist_groups.py), on a throwaway
suite of trivial tests run the way the Makefile runs the real one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from conftest import ROOT

TRIVIAL = "def test_{n}({fixture}):\n    pass\n\n"
CONFTEST = """import pytest\n\n@pytest.fixture(scope="session")\ndef tour():\n    return 1\n"""


def test_each_file_and_the_tour_readers_stay_on_one_worker(tmp_path: Path) -> None:
    suite = {"test_alone_a.py": "", "test_alone_b.py": "",
             "test_reads_tour_a.py": "tour", "test_reads_tour_b.py": "tour"}
    for name, fixture in suite.items():
        (tmp_path / name).write_text("".join(TRIVIAL.format(n=n, fixture=fixture)
                                             for n in range(6)), encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "--color=no",
         "-p", "xdist_groups", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "-c", os.devnull, str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tests")})
    assert result.returncode == 0, result.stdout + result.stderr
    workers: dict[str, set[str]] = defaultdict(set)
    for worker, file, group in re.findall(r"\[(gw\d+)\].*PASSED (test_\w+\.py)::test_\d+@(\S+)",
                                          result.stdout):
        assert group == ("tour" if "tour" in file else file), (file, group)
        workers[file].add(worker)
    assert sorted(workers) == sorted(suite), result.stdout
    assert all(len(used) == 1 for used in workers.values()), dict(workers)
    assert workers["test_reads_tour_a.py"] == workers["test_reads_tour_b.py"]
