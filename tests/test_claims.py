"""The claim check with the real embedder: each sentence of a draft is drawn from the brief or marked; ranking and
strict mode use it; measured on hand-labelled sentences of drafts for real briefs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.descriptions.ranking import rank, strict_text
from core.descriptions.brief import Brief
from core.descriptions.claims import check_claims, content_words, stem
from core.descriptions.cleanup import shared_phrases
from core.models.engines import Completion

DATA = Path(__file__).resolve().parent / "data"
BRIEF = Brief(title="Create boxes and more with a lasercutter", speakers="Florian Festi",
              notes="Laser cutters get more and more common in hacker and maker spaces around the world. They are "
                    "amazing machines that are fast, precise and can cut many materials.")


def supported(text: str) -> list[bool]:
    return [c.supported for c in check_claims(text, BRIEF)]


def test_words_and_roots_forgive_endings_and_leave_out_stock_words():
    assert stem("cutters") == stem("cutter") and stem("materials") == stem("material")
    assert content_words("Join us to explore Rust in embedded firmware") == ["rust", "embedded", "firmware"]


def test_a_rewrite_of_the_brief_is_supported_and_an_invented_claim_is_marked(embedder):
    draft = ("Laser cutters are becoming common in hacker spaces around the world. Florian Festi shows how these "
             "fast and precise machines cut many materials. He also covers the role of the human body in "
             "building design and architecture.")
    assert supported(draft) == [True, True, False]
    invented = check_claims(draft, BRIEF)[2]
    assert "human" in invented.new and "adds" in invented.why


def test_copy_that_speaks_to_the_speaker_is_marked_even_in_the_brief_s_words():
    """A demo batch winner: every content word of "In your talk, you shared…" was the brief's, yet no brief says it."""
    brief = Brief(title="Speaker Coaching: From First Talk to Keynote", speakers="Grace Mensah",
                  notes="Great speakers are made, not born. Grace shares a clear plan for a first talk: writing an "
                        "abstract, rehearsing with feedback and working with a mentor.")
    addressed, plain = check_claims("In your talk, you shared a clear plan for a first talk with a mentor. Bring your "
                                    "plan for a first talk and get feedback from a mentor.", brief)
    assert not addressed.supported and "speaks to the speaker" in addressed.why
    assert plain.supported  # "your" for the reader is copy as usual
    quoted = Brief(title="Your talk, your rules", notes="Your talk, your rules: a workshop on first talks.")
    assert all(c.supported for c in check_claims("Your talk, your rules: a workshop on first talks.", quoted))


def test_a_sentence_without_a_claim_of_its_own_is_supported(embedder):
    assert supported("Don't miss it! Join us.") == [True, True]


def test_a_negation_the_brief_never_made_is_marked(embedder):
    assert supported("Laser cutters are not precise machines.") == [False]


def test_a_short_sentence_that_negates_the_brief_sentence_it_takes_its_words_from_is_marked(embedder):
    """A draft of the demo's Streamlit workshop wrote "Laptops needed, no." Too short to make a claim by its words,
    and closest in meaning to the brief's one sentence with a "no" in it; but its words come from "Laptops
    needed", which says the opposite."""
    brief = Brief(title="Dashboards with Streamlit", speakers="Ana Costa",
                  notes="No web development experience is required, only basic Python. Laptops needed; the starter "
                        "repository is shared at the beginning.")
    checks = check_claims("Laptops needed, no. Laptops are not needed. No web development experience is required. "
                          "Don't miss it!", brief)
    assert [c.supported for c in checks] == [False, False, True, True]
    assert checks[0].why == "says “not” where your brief does not"


def test_an_invented_number_is_marked_even_in_a_sentence_of_brief_words(embedder):
    checks = check_claims("Laser cutters in 40 hacker spaces cut many materials.", BRIEF)
    assert not checks[0].supported and "40" in checks[0].why


def _completion(text: str) -> Completion:
    return Completion(text=text, finish_reason="stop")


def test_ranking_puts_the_draft_drawn_from_the_brief_first_and_strict_mode_drops_the_rest(embedder):
    loose = ("Laser cutters are common in hacker spaces. This talk reveals the secret history of medieval "
             "carpentry guilds and their rituals.")
    drawn = ("Laser cutters are common in hacker and maker spaces around the world. They are amazing machines: "
             "fast, precise and able to cut many materials.")
    ranked = rank(BRIEF, [_completion(loose), _completion(drawn)])
    assert ranked[0].text == drawn and ranked[0].unsupported_sentences == 0
    assert ranked[1].unsupported_sentences == 1
    assert any("not from your brief" in r for r in ranked[1].reasons)
    kept, dropped = strict_text(loose, BRIEF)
    assert dropped == 1 and kept == "Laser cutters are common in hacker spaces."


def test_a_draft_cut_off_mid_sentence_ranks_after_a_complete_one_and_says_why(embedder):
    cut = Completion(text="Laser cutters are common in hacker and maker spaces, and they can cut many",
                     finish_reason="length")
    complete = "Laser cutters are common in hacker spaces. The talk also covers medieval carpentry guilds."
    ranked = rank(BRIEF, [cut, _completion(complete)])
    assert ranked[0].text == complete and ranked[0].unsupported_sentences == 1  # its loose sentence is marked
    assert ranked[1].text.endswith("…") and ranked[1].cut_off and "ends mid-sentence" in ranked[1].reasons


def test_a_one_line_brief_handed_back_as_it_is_ranks_after_a_draft_of_abstract_length(embedder):
    brief = Brief(title="Kubernetes Cost Control for Small Teams", speakers="Rafael Souza",
                  notes="Small teams overspend on Kubernetes clusters.")
    echo = "Small teams overspend on Kubernetes clusters."
    longer = ("Small teams overspend on Kubernetes clusters. Rafael Souza shows where the money goes: idle nodes, "
              "oversized requests and clusters nobody turned off. He walks through the settings and habits that "
              "keep the bill down without slowing a small team, from right-sizing workloads to scaling to zero at "
              "night, and the reports that tell a team what each service costs it every month.")
    ranked = rank(brief, [_completion(echo), _completion(longer)])
    assert ranked[0].text == longer and ranked[0].unsupported_sentences > 0  # it adds claims, which are marked
    assert ranked[1].too_short and any("asked 80" in r for r in ranked[1].reasons)


def test_a_candidate_tidying_left_empty_ranks_last_and_says_so(embedder):
    task = "Here is a short abstract for the session."  # a sentence about the writing task: tidied away
    ranked = rank(BRIEF, [_completion(task), _completion("Laser cutters are fast, precise machines.")])
    assert ranked[-1].text == "" and ranked[-1].reasons == ["nothing left after tidying"]


def _labelled(name: str = "claims_labelled.jsonl") -> list[dict]:
    return [json.loads(line) for line in (DATA / name).open(encoding="utf-8")]


def _briefs(name: str = "real_briefs.jsonl") -> list[Brief]:
    rows = [json.loads(line) for line in (DATA / name).open(encoding="utf-8")]
    return [Brief(title=r["title"], event=r["event"], speakers=r["speakers"], format=r["format"], notes=r["notes"])
            for r in rows]


def test_the_labelled_sentences_cover_real_briefs_in_two_halves():
    rows = _labelled()
    assert len(rows) >= 200
    assert len({r["brief"] for r in rows if r["brief"] < 20}) >= 15 and len({r["brief"] for r in rows
                                                                            if r["brief"] >= 20}) >= 15
    assert {r["label"] for r in rows} == {"supported", "adds"}


@pytest.mark.parametrize("half", ["tuning", "held-out", "fresh", "blind"])
def test_the_checker_finds_added_claims_on_hand_labelled_sentences(embedder, half):
    """Precision and recall of finding a sentence that adds a claim. The thresholds were set on the tuning half
    (briefs 0-19); the held-out half (briefs 20-39, other programmes) was never used to set anything; "fresh" are
    the final edit-mode drafts of all 40 briefs, labelled after the thresholds were set; "blind" are drafts of 27
    other talks, labelled without the checker's verdicts in view."""
    briefs = _briefs()
    if half == "fresh":
        rows = _labelled("claims_labelled_fresh.jsonl")
    elif half == "blind":
        rows, briefs = _labelled("claims_labelled_blind.jsonl"), _briefs("real_briefs_blind.jsonl")
    else:
        rows = [r for r in _labelled() if (r["brief"] < 20) == (half == "tuning")]
    flagged = [not check_claims(r["sentence"], briefs[r["brief"]])[0].supported for r in rows]
    truth = [r["label"] == "adds" for r in rows]
    hits = sum(f and t for f, t in zip(flagged, truth))
    precision, recall = hits / max(1, sum(flagged)), hits / max(1, sum(truth))
    assert precision >= PRECISION[half] and recall >= RECALL[half], f"precision {precision:.2f}, recall {recall:.2f}"


# Bounds a little under what bench/claims.py measured (README "Claims"), so a change that makes the checker worse
# fails here
PRECISION = {"tuning": 0.76, "held-out": 0.69, "fresh": 0.75, "blind": 0.62}
RECALL = {"tuning": 0.79, "held-out": 0.86, "fresh": 0.45, "blind": 0.49}


def test_phrases_other_drafts_of_the_batch_already_use_count_against_a_candidate(embedder):
    text = "Laser cutters are fast and precise machines that cut many materials in maker spaces."
    alone = rank(BRIEF, [_completion(text)])[0]
    batch = rank(BRIEF, [_completion(text)], others=["Drones are fast and precise machines that cut many corners."])[0]
    assert batch.score < alone.score
    assert any("repeats other drafts of this batch" in r for r in batch.reasons)


def test_the_briefs_own_wording_shared_with_another_session_does_not_count_as_a_stock_phrase(embedder):
    # the demo lists one talk twice under two titles: a draft quoting its abstract is not repeating a formula
    twin = Brief(title="Laser cutting for beginners", speakers="Kim Lee",
                 notes="Laser cutters are fast and precise machines that cut many materials in maker spaces. "
                       "Kim Lee shows how to design a first box, prepare the file and cut it safely.")
    text = twin.notes
    other = "Laser cutters are fast and precise machines that cut many materials in maker spaces. Kim shows how."
    own = rank(twin, [_completion(text)], others=[other])[0]
    assert not any("repeats other drafts" in r for r in own.reasons)
    assert own.faultless
    assert shared_phrases(text + " It is a deep dive into the world of lasers.",
                          [other + " A deep dive into the world of lasers."], own=twin.notes) > 0


def test_the_words_alone_decide_so_no_sentence_is_embedded_unless_asked():
    # at the tuned thresholds closeness in meaning cannot change a verdict: embedding every sentence of four
    # candidates would cost each ranked brief ~0.2 s for nothing
    def refuse(texts):
        raise AssertionError("embedded")

    checks = check_claims("Florian Festi shows laser cutters. He also covers the human body and medieval guilds.",
                          BRIEF, refuse)
    assert [c.supported for c in checks] == [True, False] and checks[1].new == ["human", "body", "medieval", "guilds"]
    asked = []
    check_claims("Florian Festi shows laser cutters.", BRIEF, lambda texts: asked.append(texts) or [[1.0]] * len(texts),
                 closeness=True)
    assert asked, "tuning the thresholds needs the similarity measured"
