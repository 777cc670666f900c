"""Which tests share a pytest-xdist worker under `make test`.

`make test` runs one worker per core with ``--dist loadgroup``.  Each test
file stays on one worker, so its module fixtures (a build, a copy of the
project) are made once; the files that read one of the costly session
fixtures (the site tour, ``tour``; the built copy of the project,
``built_copy``) share one worker, so it is made once too.

The groups are handed out in collection order (the Makefile turns off
xdist's default, most tests first, with ``--no-loadscope-reorder``), and
this hook puts the long groups first, longest first: a file marked
``pytest.mark.long(seconds=…)`` (a whole-project build, the site tour)
starts at once on a worker while the other fills the gaps with short
files, instead of starting last and running alone at the end.  The seconds
are rough quiet-machine figures; they only order the groups.

Two ways this silently stopped working, both checked by
tests/test_xdist_groups.py on a throwaway suite:

* hook order: pytest-xdist 3.8.0 reads the groups in its own
  pytest_collection_modifyitems (xdist/remote.py, WorkerInteractor), which
  is registered after the conftest files and so runs first unless this one
  is ``tryfirst``;
* pytest 9.2 builds node ids from a structured id, and xdist 3.8.0 still
  writes the old ``_nodeid``: pyproject.toml pins pytest 9.1.1
  (pytest-dev/pytest-xdist#1386).
"""

from __future__ import annotations

import pytest

#: The session fixtures whose readers share one worker (one per fixture).
SHARED_FIXTURES = ("tour", "built_copy")


def file_of(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0]


def seconds(item: pytest.Item) -> float:
    mark = item.get_closest_marker("long")
    return float(mark.kwargs.get("seconds", 60)) if mark else 0.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "long(seconds): the file takes about this long "
                                       "(a whole-project build); make test starts it first")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    shared = {file_of(item): fixture for item in items for fixture in SHARED_FIXTURES
              if fixture in getattr(item, "fixturenames", ())}
    group_of = {item.nodeid: shared.get(file_of(item), file_of(item)) for item in items}
    length: dict[str, float] = {}
    for item in items:
        group = group_of[item.nodeid]
        length[group] = max(length.get(group, 0.0), seconds(item))
        item.add_marker(pytest.mark.xdist_group(group))
    # Stable: within a group, and among the short ones, collection order stays.
    items.sort(key=lambda item: -length[group_of[item.nodeid]])
