"""Run a command and measure it: wall time, CPU time, peak memory of its process tree.

Every timed figure of the benchmark is a list of :class:`Run` results turned
into median, min and max by :func:`summary`.  The machine is shared, so a
single run says little; the budgets compare runs interleaved with their
baselines (see :func:`ratios`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    """One finished command."""

    wall: float  #: seconds, start to exit
    cpu: float  #: user + system seconds of the command and every descendant it reaped
    peak_rss: int  #: bytes: the larger of the biggest single process and the sampled tree sum
    returncode: int
    output: str  #: stdout and stderr, interleaved


def run(command: Sequence[str], *, env: dict[str, str], cwd: Path,
        sample_memory: bool = False) -> Run:
    """Run *command* to completion and measure it.

    ``os.wait4`` gives the exact peak RSS of the largest single process in
    the tree (what ``/usr/bin/time -v`` reports); with *sample_memory* a
    thread also sums the RSS of the whole tree every 50 ms, which catches
    processes that run side by side (the larger of the two is reported).
    """
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=log, stderr=subprocess.STDOUT,
                                   env=env, cwd=cwd)
        sampler = TreeMemory(process.pid) if sample_memory else None
        # wait4, not Popen.wait: only wait4 returns the child's rusage.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        tree_peak = sampler.stop() if sampler else 0
        log.seek(0)
        output = log.read()
    single_peak = usage.ru_maxrss * 1024  # Linux reports KiB
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
               peak_rss=max(single_peak, tree_peak), returncode=process.returncode,
               output=output)


class TreeMemory:
    """Sample the summed RSS of a process and its descendants until stopped.

    Shared pages count once per process, so the sum can overstate the
    truth; it never understates it between samples.
    """

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root = root
        self.interval = interval
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self._done.wait(self.interval)

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def tree_rss(root: int) -> int:
    """Bytes resident in *root* and all its descendants right now."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                # The command name may hold spaces: fields start after ')'.
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # exited while we looked
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                total += int(statm.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
    return total


def summary(values: Sequence[float]) -> dict[str, object]:
    """Median, min and max of *values*, with the values themselves."""
    if not values:
        raise ValueError("a figure needs at least one run")
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": list(values)}


def ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """Round-by-round ratios: each run against the baseline run next to it.

    Pairing runs of the same round cancels most of the machine's drift,
    which a ratio of two medians taken minutes apart would not.
    """
    if len(numerators) != len(denominators):
        raise ValueError("ratios need as many runs on each side")
    return [n / d for n, d in zip(numerators, denominators)]


def alternating(rounds: int) -> list[bool]:
    """Whether the measured side goes first in each round (ABBA order), so
    neither side always runs on a machine warmed by the other."""
    return [(index % 4) in (0, 3) for index in range(rounds)]
