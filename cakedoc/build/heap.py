"""Keep Python's garbage collector from scanning the build environment.

An incremental build unpickles Sphinx's environment when it starts and
keeps it to the end: at 40× the guide's size (bench/README.md §9) that is
about 460,000 objects per language, and it grows with every page and term.
CPython's cyclic collector (3.11) counts each of them: while the
environment is unpickled, a collection every 700 new objects and a full
one each time the heap has grown by a quarter; after it, every later full
collection (pickling the environment again, loading the search index)
walks it all once more.  Nothing in it is garbage until the build ends.
Keeping the collector off it took the one-page edit at N = 40 (en) from
5.7 to 3.6 CPU seconds; at the guide's present size the heap is small and
the edit barely changes.

So this extension, while a build runs:

* raises the first generation's threshold (:data:`THRESHOLD`), before
  Sphinx loads the environment: Sphinx 9.0.4 sets up the extensions first
  (``Sphinx.__init__``); young garbage then waits at most 50,000
  allocations instead of 700;
* freezes every object alive once the environment is loaded
  (``builder-inited``, after the other handlers have loaded their caches:
  :func:`gc.freeze`): the collector no longer walks
  them, while what the build makes afterwards (doctrees, pages) is
  collected as before (a cold ``make html``'s peak memory, Chromium's
  included, rose by 1–4% at N = 1–10);
* when the build finishes (last of all ``build-finished`` handlers:
  others pickle caches), puts the threshold back, and leaves the objects
  frozen: unfrozen, they would all be walked once more as the process
  exits (1.4 s of that edit).

Freezing is for a process that builds once, as ``sphinx-build`` does when
the Makefile runs it.  A process that builds again (the test suite, with
``sphinx.testing``) gives back what its first build froze when the second
is set up, and freezes nothing more: a freeze also keeps whatever garbage
is waiting for a collection, so one per build would keep every build's.
Its builds still get the raised threshold.

Reference counting frees frozen objects as usual; only garbage in cycles
waits for an unfreeze.  tests/test_incremental.py checks each step.
"""

from __future__ import annotations

import gc
from typing import Any

from sphinx.application import Sphinx

#: Allocations between collections of the youngest generation (CPython's
#: default is 700); the older generations keep their default ratios.
THRESHOLD = 50_000
#: Handlers of an event run in priority order (default 500): these last.
LAST = 900


#: Has a build in this process frozen its objects?  (See the docstring.)
_frozen_once = False


def raise_threshold(app: Sphinx) -> None:
    app.cake_gc_threshold = gc.get_threshold()
    gc.set_threshold(THRESHOLD, *app.cake_gc_threshold[1:])


def freeze_environment(app: Sphinx) -> None:
    global _frozen_once
    gc.freeze()
    _frozen_once = True


def restore_threshold(app: Sphinx, exception: Exception | None) -> None:
    gc.set_threshold(*app.cake_gc_threshold)


def setup(app: Sphinx) -> dict[str, Any]:
    raise_threshold(app)
    if _frozen_once:
        gc.unfreeze()  # a later build in this process: give back the first's
    else:
        app.connect("builder-inited", freeze_environment, priority=LAST)
    app.connect("build-finished", restore_threshold, priority=LAST)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
