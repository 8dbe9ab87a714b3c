"""The fact checker against drafts labelled by hand, written by the decoder from the demo briefs
(scripts/drafts_for_labelling.py), each with every name, number, date, credential or link that the brief does
not contain. tests/data/grounding_labelled.jsonl (40 abstracts, 20 teasers) is the set the rules were tuned
on; grounding_heldout_labelled.jsonl (40 social posts) was labelled before it was ever run through the checker.
Recall matters most: a missed invention reaches a public website."""
import json
from pathlib import Path

from core.descriptions.brief import Brief
from core.descriptions.fact_check import check

DATA = Path(__file__).resolve().parent / "data"
LABELLED = DATA / "grounding_labelled.jsonl"
HELD_OUT = DATA / "grounding_heldout_labelled.jsonl"


def _same(a: str, b: str) -> bool:
    a, b = a.lower().strip(" .,'’"), b.lower().strip(" .,'’")
    return a in b or b in a


def scores(*files: Path) -> tuple[float, float, int, int]:
    true_pos = false_pos = false_neg = drafts = 0
    lines = [line for f in (files or (LABELLED, HELD_OUT)) for line in f.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        item = json.loads(line)
        found = [c.text for c in check(item["draft"], Brief(**item["brief"])).unsupported]
        labels = item["unsupported"]
        hit = [any(_same(f, lab) for f in found) for lab in labels]
        true_pos += sum(hit)
        false_neg += len(hit) - sum(hit)
        false_pos += sum(not any(_same(f, lab) for lab in labels) for f in found)
        drafts += 1
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return precision, recall, drafts, true_pos + false_neg


def test_the_labelled_sets_are_big_enough_and_have_inventions_to_find():
    _, _, drafts, labelled = scores(LABELLED)
    assert drafts >= 60 and labelled >= 20
    _, _, drafts, labelled = scores(HELD_OUT)
    assert drafts >= 40 and labelled >= 5


def test_recall_of_unsupported_facts_is_at_least_0_9():
    for files in ((LABELLED,), (HELD_OUT,), (LABELLED, HELD_OUT)):
        precision, recall, _, _ = scores(*files)
        assert recall >= 0.9, f"{files}: recall {recall:.2f}, precision {precision:.2f}"
        assert precision >= 0.6, f"{files}: precision {precision:.2f}: too many false alarms to trust the marks"
