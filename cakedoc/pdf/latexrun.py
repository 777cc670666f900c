"""Compile the LaTeX the Sphinx builder wrote into a PDF, quietly.

    python -m cakedoc.pdf.latexrun LATEXDIR OUTPUT.pdf
    python -m cakedoc.pdf.latexrun --check

Runs latexmk (xelatex) in LATEXDIR with its output in LATEXDIR/latexmk.log.
Silent on success; on a TeX error it prints TeX's own message and the log's
path and exits 1, leaving OUTPUT.pdf (the last good PDF) untouched.
``--check`` only says whether the TeX toolchain is there: `make pdf` asks
first, so a machine without TeX learns it before Sphinx writes any LaTeX.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from cakedoc.dates import source_epoch

REQUIRED_TOOLS = ("latexmk", "xelatex", "xdvipdfmx")


def tex_errors(log: Path) -> list[str]:
    """TeX's error lines from a .log file: '! …' or, with -file-line-error,
    'file:line: …', each with the two lines that follow."""
    if not log.is_file():
        return []
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.startswith("!") or re.match(r"^\S+\.(tex|sty|cls):\d+: ", line):
            found.extend(lines[index:index + 3])
    return found[:20]


def toolchain_missing() -> bool:
    """Say which TeX programs are not on PATH, if any; True when some are not."""
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"make pdf: the TeX toolchain is missing ({', '.join(missing)}). "
              "Install it with `make bootstrap` (as root; see tools/bootstrap.sh)", file=sys.stderr)
    return bool(missing)


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        return 1 if toolchain_missing() else 0
    if len(argv) != 3:
        print("usage: python -m cakedoc.pdf.latexrun LATEXDIR OUTPUT.pdf | --check", file=sys.stderr)
        return 2
    latexdir, output = Path(argv[1]), Path(argv[2])
    if toolchain_missing():
        return 1
    sources = sorted(latexdir.glob("*.tex"))
    if len(sources) != 1:
        print(f"make pdf: expected one .tex file in {latexdir}, found {len(sources)}", file=sys.stderr)
        return 1
    tex = sources[0]
    log = latexdir / "latexmk.log"
    epoch = str(source_epoch())
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "FORCE_SOURCE_DATE": "1"}
    # latexmk reruns only for changed files, not for a new SOURCE_DATE_EPOCH
    # (a new commit): the PDF would keep the last run's /CreationDate, /ID
    # and font subset tags.  So a new date forces a full run (-g).
    stamp = latexdir / "cake-source-date-epoch"
    stale = not stamp.is_file() or stamp.read_text(encoding="utf-8") != epoch
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(
            ["latexmk", "-r", "latexmkrc", "-pdfxe", "-interaction=nonstopmode",
             "-halt-on-error", "-file-line-error", *(["-g"] if stale else []), tex.name],
            cwd=latexdir, stdout=stream, stderr=subprocess.STDOUT, env=env)
    pdf = tex.with_suffix(".pdf")
    if result.returncode != 0 or not pdf.is_file():
        print(f"make pdf: xelatex failed on {tex}", file=sys.stderr)
        for line in tex_errors(tex.with_suffix(".log")):
            print(f"  {line}", file=sys.stderr)
        print(f"make pdf: the full log is {log} (and {tex.with_suffix('.log')})", file=sys.stderr)
        return 1
    stamp.write_text(epoch, encoding="utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    staged = output.with_name(output.name + ".new")
    shutil.copyfile(pdf, staged)
    os.replace(staged, output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
