"""Grounded copy: how often a draft holds facts its brief does not support, before and after best-of-N.

    .venv/bin/python bench/grounding.py [--n 4] [--sessions 40]

Briefs: each demo session's title, speakers and the first two sentences of its abstract (as notes), the
event name and format. Before: one draft per brief as the page wrote it until now (one candidate, the whole
token budget, no tidying). After: `core.descriptions.best_of.best_draft` (N candidates in parallel slots, stopped at
the asked length, tidied, checked, ranked). Both are checked by `core.descriptions.fact_check.check`. Briefs run one
after another, as one organiser would, both ways in the same run.

Last lines: clean_share_after (goal ≥ 0.9), best_of_n_time_vs_one (goal ≤ 2.0).
"""
from __future__ import annotations

import re
import time

from common import options

from core.descriptions.brief import Brief, brief_for, copy_request
from core.descriptions.best_of import best_draft
from core.descriptions.cleanup import finish
from core.agenda.sessions import from_event_agenda
from core.store.demo import load_demo_event
from core.descriptions.fact_check import check
from core.models.cache import MODELS


def demo_briefs(limit: int = 40) -> list[Brief]:
    event = load_demo_event()
    briefs = []
    for row in from_event_agenda(event.agenda).sessions.head(limit).itertuples():
        notes = " ".join(re.split(r"(?<=[.!?])\s+", row.abstract.strip())[:2])
        briefs.append(brief_for(row, event=event.name, notes=notes))
    return briefs


def main() -> None:
    args = options(n=4, sessions=40)
    engine = MODELS.get("decoder")
    best_draft(demo_briefs(1)[0], n=args.n, engine=engine)  # warm up: embedder loaded, engine caches primed
    before, after, t_before, t_after = [], [], 0.0, 0.0
    for k, brief in enumerate(demo_briefs(args.sessions)):
        start = time.perf_counter()
        old = finish(engine.complete(copy_request(brief, seed=k)))
        t_before += time.perf_counter() - start
        start = time.perf_counter()
        new = best_draft(brief, k, n=args.n, engine=engine)
        t_after += time.perf_counter() - start
        before.append(len(check(old, brief).unsupported))
        after.append(len(new.check.unsupported))
        print(f"{k:2} {brief.title[:48]:48} before {before[-1]:2}  after {after[-1]:2}  "
              f"{', '.join(c.text for c in new.check.unsupported)[:60]}")
    n = len(before)
    print(f"\nbefore (one draft, as until now): clean {sum(b == 0 for b in before)}/{n} = "
          f"{sum(b == 0 for b in before) / n:.2f}, mean unsupported per draft {sum(before) / n:.2f}, "
          f"{t_before / n:.2f} s per brief")
    print(f"after (best of {args.n}):          clean {sum(a == 0 for a in after)}/{n} = "
          f"{sum(a == 0 for a in after) / n:.2f}, mean unsupported per draft {sum(after) / n:.2f}, "
          f"{t_after / n:.2f} s per brief")
    print(f"clean_share_before: {sum(b == 0 for b in before) / n:.2f}")
    print(f"clean_share_after: {sum(a == 0 for a in after) / n:.2f}")
    print(f"best_of_n_time_vs_one: {t_after / t_before:.2f}")


if __name__ == "__main__":
    main()
