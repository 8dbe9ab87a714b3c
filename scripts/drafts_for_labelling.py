"""Write the drafts of the fact checker's labelled set: tests/data/grounding_drafts.jsonl.

    .venv/bin/python scripts/drafts_for_labelling.py [--held-out]

One abstract for each of the demo event's 40 sessions and a teaser for the first 20, from the same briefs as
bench/grounding.py (title, speakers, first two sentences of the abstract), each a single tidied candidate (not
the best of several, so invented facts are common). Each line gets an empty "unsupported" list, filled in by
hand: every name, number, date, credential or link in the draft that the brief does not support, written as
it appears in the draft. tests/test_fact_check_quality.py reads the labelled files. `--held-out` writes a
social post for each of the 40 briefs instead: a second set, labelled after the checker's rules were tuned on
the first, so its figures are not flattered by that tuning.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from grounding import demo_briefs  # noqa: E402

from core.descriptions.writing import write  # noqa: E402
from core.descriptions.cleanup import tidy  # noqa: E402
from core.descriptions.cleanup import finish  # noqa: E402

OUT = ROOT / "tests" / "data" / "grounding_drafts.jsonl"
HELD_OUT = ROOT / "tests" / "data" / "grounding_heldout_drafts.jsonl"  # social posts, labelled before any tuning


def main() -> None:
    briefs = demo_briefs(40)
    held_out = "--held-out" in sys.argv
    jobs = ([(replace(b, kind="social"), 300 + k) for k, b in enumerate(briefs)] if held_out else
            [(b, 100 + k) for k, b in enumerate(briefs)] + [(replace(b, kind="teaser"), 200 + k)
                                                            for k, b in enumerate(briefs[:20])])
    with (HELD_OUT if held_out else OUT).open("w", encoding="utf-8") as out:
        for brief, seed in jobs:
            completion = write(brief, n=1, seed=seed)[0]
            text = tidy(finish(completion), brief.kind).text
            out.write(json.dumps({"brief": asdict(brief), "seed": seed, "draft": text, "unsupported": []},
                                 ensure_ascii=False) + "\n")
            print(seed, brief.kind, text[:80])


if __name__ == "__main__":
    main()
