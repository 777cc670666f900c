"""Which tests share a pytest-xdist worker under `make test`.

`make test` runs one worker per core with ``--dist loadgroup``.  Each test
file stays on one worker, so its module fixtures (a build, a copy of the
project) are made once; the files that read the site tour (a session
fixture named ``tour``) share one worker, so the tour is made once too.

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

#: The session fixture whose readers share one worker.
SHARED_FIXTURE = "tour"


def file_of(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    sharing = {file_of(item) for item in items
               if SHARED_FIXTURE in getattr(item, "fixturenames", ())}
    for item in items:
        group = SHARED_FIXTURE if file_of(item) in sharing else file_of(item)
        item.add_marker(pytest.mark.xdist_group(group))
