"""Skip a build step when none of its inputs changed since it last succeeded.

    python -m cakedoc.build.unchanged STAMP --label NAME --inputs PATH... \\
        [--present DIR] [--ignore PATH...] [--outputs PATH...] -- COMMAND... [-- COMMAND...]

In: the step's input files and folders, its command line and the
environment a build reads.  Out: the commands' exit status (each ``--``
starts one; they run in order and stop at the first that fails); they run
only when something changed.

Why: Sphinx finds out that nothing changed only after loading its whole
environment (every page's metadata), running every extension's setup and
writing its index pages again: a no-op ``make html`` grew with the book, from
1.5 s of CPU per language at 17 pages to 8.7 s at 641 (bench/README.md,
section 9).  This is make's own question — is the target older than what it
is made from? — asked of file metadata, so it costs a ``stat`` per input file.

The fingerprint of a step: every file under each ``--inputs`` path (its
path, size and modification time in nanoseconds; ``__pycache__``, ``.mo``
catalogues and the ``--ignore`` paths left out), the command line, and the environment
variables a build reads (:data:`ENVIRONMENT`, and every ``CAKE_*``).
COMMAND runs unless STAMP holds the same fingerprint, every ``--outputs``
path exists and every file that was in the ``--present`` folder after the
last run still is.  That folder is the diagram cache: a diagram that left it
must be drawn again, so its pages must be built again; a diagram added by
another build changes nothing here.

STAMP is removed before COMMAND starts and written only when it succeeds,
with the fingerprint taken *before* it started: a build that fails or is
killed leaves no stamp (the next one runs, and cakedoc.build.recovery makes
it re-read every page), and a file edited while the build ran makes the next
one run again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

USAGE = __doc__.split("\n\n")[1]
#: What a build reads from the environment besides its files: the date of
#: the output, the site's address, where the build folder is, and where
#: Python finds modules (a PYTHONPATH that hides one is a different build).
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "BASE_URL", "BUILDDIR", "PYTHONPATH")
#: Never inputs, because the build writes them itself: Python's bytecode,
#: and the message catalogues Sphinx compiles from each ``.po`` (the
#: input) when a build in that language starts.  As inputs, the first
#: build in a fresh clone would look changed to the next one.
SKIPPED_NAMES = frozenset({"__pycache__"})
SKIPPED_SUFFIXES = (".mo",)


def walk(path: Path, ignored: frozenset[Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every file under *path* (or of *path*
    itself), sorted; a missing path is one entry saying so.

    Paths stay strings: at 40× the guide a step has about 4,000 input
    files and 2,244 cached diagrams, and a Path object per file cost more
    than its ``stat``."""
    skipped = {str(ignored_path) for ignored_path in ignored}
    top = str(path)
    if top in skipped:
        return []
    try:
        status = os.stat(top)
    except FileNotFoundError:
        return [(top, -1, -1)]
    if not stat.S_ISDIR(status.st_mode):
        return [(top, status.st_size, status.st_mtime_ns)]
    found = []
    folders = [top]
    while folders:
        for entry in os.scandir(folders.pop()):
            if entry.name in SKIPPED_NAMES or entry.path in skipped:
                continue
            if entry.is_dir(follow_symlinks=True):
                folders.append(entry.path)
            elif not entry.name.endswith(SKIPPED_SUFFIXES):
                entry_status = entry.stat()
                found.append((entry.path, entry_status.st_size, entry_status.st_mtime_ns))
    return sorted(found)


def present_files(folder: Path, ignored: frozenset[Path]) -> list[str]:
    """The files under *folder*, relative to it; not hidden ones, which
    are files being written (the cache writes ``.tmp-*`` and renames it:
    one seen in the middle of the other language's build is gone after)."""
    if not folder.is_dir():
        return []
    start = len(str(folder)) + len(os.sep)
    return sorted(name[start:] for name, _, _ in walk(folder, ignored)
                  if not os.path.basename(name).startswith("."))


def fingerprint(inputs: list[Path], ignored: frozenset[Path], commands: list[list[str]]) -> str:
    environment = {name: value for name, value in sorted(os.environ.items())
                   if name in ENVIRONMENT or name.startswith("CAKE_")}
    digest = hashlib.sha256(json.dumps({"commands": commands, "environment": environment}).encode())
    for path in inputs:
        for name, size, mtime in walk(path, ignored):
            digest.update(f"{name}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def up_to_date(stamp: Path, current: str, outputs: list[Path], present: Path | None,
               ignored: frozenset[Path]) -> bool:
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded.get("fingerprint") != current or not all(path.exists() for path in outputs):
        return False
    if present is None:
        return True
    return set(recorded.get("present", ())) <= set(present_files(present, ignored))


def say(line: str) -> None:
    # One write per line: `make -j` runs several steps into one terminal.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_all(commands: list[list[str]]) -> int:
    for command in commands:
        try:
            status = subprocess.call(command)
        except KeyboardInterrupt:  # the child had the same ^C: no traceback of ours
            return 130
        if status != 0:
            return status
    return 0


def run(stamp: Path, label: str, inputs: list[Path], commands: list[list[str]], *,
        outputs: list[Path] = (), present: Path | None = None,
        ignored: frozenset[Path] = frozenset()) -> int:
    """The commands' exit status, or 0 without running them when nothing changed."""
    current = fingerprint(inputs, ignored, commands)
    if up_to_date(stamp, current, list(outputs), present, ignored):
        say(f"{label}: nothing changed since its last successful build")
        return 0
    stamp.unlink(missing_ok=True)
    status = run_all(commands)
    if status == 0:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        record = {"fingerprint": current}
        if present is not None:
            record["present"] = present_files(present, ignored)
        temporary = stamp.with_name(stamp.name + ".tmp")
        temporary.write_text(json.dumps(record) + "\n", encoding="utf-8")
        temporary.replace(stamp)
    return status


def split_commands(words: list[str]) -> list[list[str]]:
    """``A x -- B y`` → ``[[A, x], [B, y]]`` (no command here takes a bare ``--``)."""
    commands: list[list[str]] = [[]]
    for word in words:
        if word == "--":
            commands.append([])
        else:
            commands[-1].append(word)
    return commands


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(f"usage:\n{USAGE}", file=sys.stderr)
        return 2
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="python -m cakedoc.build.unchanged")
    parser.add_argument("stamp", type=Path)
    parser.add_argument("--label", required=True)
    parser.add_argument("--inputs", type=Path, nargs="+", required=True)
    parser.add_argument("--outputs", type=Path, nargs="*", default=[])
    parser.add_argument("--ignore", type=Path, nargs="*", default=[])
    parser.add_argument("--present", type=Path)
    options = parser.parse_args(argv[:split])
    commands = split_commands(argv[split + 1:])
    if not all(commands):
        parser.error("an empty command: each -- must be followed by one")
    return run(options.stamp, options.label, options.inputs, commands, outputs=options.outputs,
               present=options.present, ignored=frozenset(options.ignore))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
