"""``python -m cakedoc.xliff`` (the Makefile's xliff targets).

    python -m cakedoc.xliff export OUTDIR --source zh   one .xlf per page pair + glossary.tbx
    python -m cakedoc.xliff import FILE --source zh     a translator's file back into docs/

Exit 0 on success, 2 with the reason on stderr (for an import: every unit
refused, by its id; then nothing is written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cakedoc.review.pages import Project, SettingError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cakedoc.xliff", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["export", "import"])
    parser.add_argument("path", type=Path, help="export: the output folder; import: the XLIFF file")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--source", default=os.environ.get("SOURCE_LANGUAGE") or "zh")
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        project = Project.create(options.root, options.source)
        if options.command == "export":
            from cakedoc.xliff.export import export

            written = export(project, options.path)
            print(f"xliff: {len(written) - 1} XLIFF 1.2 files and glossary.tbx in {options.path}/")
        else:
            from cakedoc.xliff.merge import merge

            print(merge(project, options.path))
    except SettingError as error:
        print(f"xliff: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
