"""Diagram rendering: one browser session for 40 diagrams against one launch per diagram.

Both sides use the real renderer (:mod:`cakedoc.diagrams.renderer`): the
build's way is one ``session()`` rendering every diagram; the baseline is
what ``mmdc`` (sphinxcontrib-mermaid's svg mode) does, a browser started
for each diagram, here ``session()`` + one render, 40 times.  The diagrams
are small flowcharts with Chinese labels, different in every round so no
cache anywhere can help.
"""

from __future__ import annotations

import time

from bench.measure import alternating, summary
from bench.report import Figures, progress
from cakedoc.diagrams import renderer

COUNT = 40


def diagrams(round_number: int, side: str) -> list[renderer.Job]:
    jobs = []
    for index in range(COUNT):
        tag = f"{side}{round_number}-{index}"
        source = (f'flowchart LR\n  a["能源 {tag}"] --> b["芯片 Chips {index}"]\n'
                  f'  b --> c["模型 {round_number}"]\n')
        jobs.append(renderer.Job(f"bench-{tag}", source, "light"))
    return jobs


def one_session(jobs: list[renderer.Job]) -> float:
    start = time.perf_counter()
    with renderer.session() as session:
        for job in jobs:
            session.svg(job)
    return time.perf_counter() - start


def measure(figures: Figures, runs: int) -> None:
    """*runs* one-session runs; one pass of 40 launches, split into blocks
    between them, so both sides meet the same machine.  (Three passes of
    launches would take 5-10 minutes on a busy machine.)"""
    launch_jobs = diagrams(0, "launch")
    blocks = [launch_jobs[index::runs] for index in range(runs)]
    session_times, launch_times = [], []
    for number, session_first in enumerate(alternating(runs)):
        progress(f"diagrams: round {number + 1}/{runs}")
        if session_first:
            session_times.append(one_session(diagrams(number, "session")))
        # One browser launch per diagram: what mmdc does.
        launch_times += [one_session([job]) for job in blocks[number]]
        if not session_first:
            session_times.append(one_session(diagrams(number, "session")))
    launches = sum(launch_times)
    figures.add("diagrams.one_session", f"{COUNT} diagrams, one browser session", "s",
                summary(session_times))
    figures.add("diagrams.launch_each", "  one diagram, one browser launch (mmdc's way)", "s",
                summary(launch_times))
    figures.add("diagrams.per_launch", f"  {COUNT} diagrams, a browser launch each (sum)", "s",
                summary([launches]))
    figures.add("diagrams.speedup", "  speed-up of one session", "x",
                summary([launches / seconds for seconds in session_times]))
