"""Running CP-SAT for the timetable repair (`core.agenda.schedule`): on every usable core, to a time limit, or
stopped once it has gone `patience_s` without a better timetable.

    solver, code, timer = solve(cp_model, model, time_limit_s=30, patience_s=5, workers=None, notes=notes)
"""
from __future__ import annotations

import threading
import time

from core.models import usable_cpus


def solve(cp_model, model, time_limit_s: float, patience_s: float | None, workers: int | None, notes: list[str]):
    """Run CP-SAT on `model`, stopping at the time limit or `patience_s` after the last improvement (said in
    `notes`); returns the solver, its status code and the improvement timer."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit_s)
    solver.parameters.num_workers = workers or max(1, usable_cpus())
    solver.parameters.random_seed = 0
    timer = _improvement_timer(cp_model)
    done = threading.Event()
    if patience_s:
        threading.Thread(target=_stop_when_stale, args=(solver, timer, done, patience_s), daemon=True).start()
    try:
        code = solver.solve(model, timer)
    finally:
        done.set()
    if patience_s and timer.stale:
        notes.append(f"The solver stopped after {patience_s:g} s without finding a better timetable.")
    return solver, code, timer


def _stop_when_stale(solver, timer, done: threading.Event, patience_s: float) -> None:
    begun = time.perf_counter()
    while not done.wait(0.1):
        if not timer.last:  # no timetable yet: nothing to be patient about, search on to the time limit
            continue
        if time.perf_counter() - (begun + timer.last) > patience_s:
            timer.stale = True
            solver.stop_search()
            return


def _improvement_timer(cp_model):
    """A solution callback noting when the last improvement came (CP-SAT calls it on each better timetable)."""
    class Timer(cp_model.CpSolverSolutionCallback):
        def __init__(self):
            super().__init__()
            self.last = 0.0
            self.stale = False

        def on_solution_callback(self):
            self.last = self.wall_time

    return Timer()
