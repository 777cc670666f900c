"""Two ways to keep sign-off records, measured (docs/README.md quotes the figures).

    .venv/bin/python -m bench.sidecars [ROUNDS]

A (what docs/en/*.review.yaml hold): per block its digest, reviewer, date and
the full source text as reviewed.  B (as the Linux kernel's
checktransupdate.py does): digest, reviewer, date and the commit the source
was reviewed at, the old text recovered from git when a block is stale.

Prints: the bytes of all sidecars in A and in B (B written from A's records,
each with a 40-hex commit); the time to read every sidecar in each form; the
time of a whole review (`make review`'s work, the edition included) for
scale; and B's extra cost for a stale block: finding its old text in the
history of the source file (``git log`` + ``git show`` until a version has
a block with the recorded digest).  Not part of `make bench`: a one-off
comparison, medians of ROUNDS alternating runs (default 5).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from cakedoc.review import html
from cakedoc.review.blocks import split_text
from cakedoc.review.check import review
from cakedoc.review.pages import Project
from cakedoc.review.staleness import LineLoader, LiteralDumper, read

ROOT = Path(__file__).resolve().parent.parent


def as_b(path: Path, commit: str) -> str:
    """Sidecar *path* rewritten in form B: no text, the commit instead."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for record in data["blocks"]:
        del record["text"]
        record["commit"] = commit
    return yaml.dump(data, Dumper=LiteralDumper, allow_unicode=True, sort_keys=False, width=10**6)


def read_b(path: Path) -> list[dict]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
    return [{"block": int(r["block"]), "digest": str(r["digest"]), "commit": str(r["commit"])}
            for r in data["blocks"]]


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def old_text_from_git(source: str, digest: str) -> str | None:
    """B's recovery: the newest committed version of *source* with a block of *digest*."""
    for commit in git("log", "--format=%H", "--", source).split():
        text = git("show", f"{commit}:{source}")
        for block in split_text(text):
            if block.digest == digest:
                return block.source
    return None


def timed(function) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(rounds: int = 5) -> None:
    project = Project.create(ROOT, "zh")
    sidecars = sorted((ROOT / "docs" / "en").glob("*.review.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        b_files = []
        for path in sidecars:
            page = path.name.removesuffix(".review.yaml")
            commit = git("log", "-1", "--format=%H", "--", f"docs/zh/{page}.md").strip()
            target = Path(folder) / path.name
            target.write_text(as_b(path, commit), encoding="utf-8")
            b_files.append(target)
        size_a = sum(path.stat().st_size for path in sidecars)
        size_b = sum(path.stat().st_size for path in b_files)
        pages = sum(path.stat().st_size for path in (ROOT / "docs" / "en").glob("*.md")
                    if path.name != "README.md")
        times_a, times_b, whole = [], [], []
        for round_ in range(rounds):
            order = (("a", "b") if round_ % 2 == 0 else ("b", "a"))
            for form in order:
                if form == "a":
                    times_a.append(timed(lambda: [read(p, p.name) for p in sidecars]))
                else:
                    times_b.append(timed(lambda: [read_b(p) for p in b_files]))
            staging = Path(folder) / "edition"
            whole.append(timed(lambda: html.build(review(project), staging)))
            shutil.rmtree(staging, ignore_errors=True)
        # B's price for a stale block: the record's text from history.
        chips = read(ROOT / "docs/en/chips.review.yaml", "chips")
        recover = [timed(lambda: old_text_from_git("docs/zh/chips.md", chips[2].digest))
                   for _ in range(rounds)]
        found = old_text_from_git("docs/zh/chips.md", chips[2].digest)
    median = statistics.median
    print(f"English pages:                     {pages / 1024:7.1f} KiB")
    print(f"sidecars A (text kept):            {size_a / 1024:7.1f} KiB in {len(sidecars)} files")
    print(f"sidecars B (digest + commit):      {size_b / 1024:7.1f} KiB")
    print(f"read all sidecars, A:              {median(times_a) * 1000:7.1f} ms")
    print(f"read all sidecars, B:              {median(times_b) * 1000:7.1f} ms")
    print(f"whole review + edition (A):        {median(whole):7.2f} s")
    print(f"B: old text of one stale block:    {median(recover) * 1000:7.1f} ms "
          f"({'found' if found == chips[2].text else 'NOT found'} in git history)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
