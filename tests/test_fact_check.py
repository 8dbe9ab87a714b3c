"""The fact check, the tidying and the best-of-N ranking: crafted drafts first, then real candidates."""
import pytest

from core.descriptions.ranking import rank, strict_text
from core.descriptions.writing import Writing, write
from core.descriptions.cleanup import repetition, tidy
from core.descriptions.brief import Brief, copy_request
from core.models.engines import Completion, Sampling
from core.descriptions.fact_check import check

BRIEF = Brief(title="Pandas for Event Analytics: From Registrations to Insight",
              speakers="Amara Okafor (Head of Data, Tidewater Festivals); Lukas Brenner",
              event="Harbourline Tech Summit 2026", kind="abstract",
              notes="This talk walks through a real analysis of forty thousand festival registrations using pandas "
                    "over 3 days.")


def unsupported(draft: str, brief: Brief = BRIEF) -> list[str]:
    return [c.text for c in check(draft, brief).unsupported]


@pytest.mark.parametrize("draft", [
    "In this talk, Amara Okafor shows how pandas cleans festival registrations.",
    "Okafor's team at Tidewater Festivals knows registrations.",  # possessive
    "Join Amara and Lukas at the Harbourline Tech Summit.",  # first names alone
    "A. Okafor and L. Brenner walk through 40,000 registrations.",  # initials; number words as digits
    "Forty thousand registrations, three days, one clean table.",  # numbers as words; "one" is no claim
    "Tidewater-Festivals' data team shares its insights.",  # hyphenation, plural possessive
    "Amara Okafor's registrations analyses use Pandas.",  # plural of a brief word, case
])
def test_what_the_brief_supports_is_not_marked(draft):
    assert unsupported(draft) == []


@pytest.mark.parametrize("draft,expected", [
    ("In this talk, Amara spent 10 years at Google.", ["10 years", "Google"]),
    ("Amara Smith leads the session.", ["Amara Smith"]),  # a speaker's first name with an invented surname
    ("She founded DataCo in March 2019.", ["DataCo", "March", "2019"]),
    ("The award-winning author of two books joins us.", ["The award-winning author", "two"]),
    ("Join Amara, a leading data analytics specialist.", ["a leading data analytics specialist"]),
    ("Join Amara on Monday; details at www.pandas-events.com.", ["Monday", "www.pandas-events.com"]),
    ("Twelve speakers from Microsoft and the United Nations share tips.", ["Twelve", "Microsoft", "United Nations"]),
    ("Dr. Okafor, a Harvard PhD, presents.", ["Dr.", "Harvard", "PhD"]),
    ("Google's analysts love this talk.", ["Google's"]),  # a name opening the sentence, possessive
])
def test_invented_facts_are_marked(draft, expected):
    assert unsupported(draft) == expected


def test_marks_carry_their_place_in_the_draft_and_the_brief_facts_used_are_listed():
    draft = "In this talk, Amara Okafor spent 10 years at Google."
    found = check(draft, BRIEF)
    assert [draft[c.start:c.end] for c in found.unsupported] == ["10 years", "Google"]
    assert {c.kind for c in found.unsupported} == {"number", "name"}
    assert "Amara Okafor" in found.used and "Lukas Brenner" not in found.used
    assert set(found.offered) >= {"Amara Okafor", "Lukas Brenner"}


def test_leaked_instructions_hashtags_repeats_and_long_teasers_are_tidied():
    raw = ('She is writing the session abstract based on "Pandas for Event Analytics". Here is your abstract: '
           "Amara shows pandas at work. Amara shows pandas at work! As an AI, I cannot attend. Learn to clean "
           "registrations. #pandas #data")
    result = tidy(raw, "abstract")
    assert result.text == "Amara shows pandas at work. Learn to clean registrations."
    assert any("writing task" in r for r in result.removed) and "a repeated sentence" in result.removed
    assert any("hashtags" in r for r in result.removed)
    assert tidy("Don't miss it! #pandas #data", "social").text == "Don't miss it! #pandas #data"
    kept = "Join Amara for pandas. She cleans festival data with care and skill. She joins three ticket systems."
    teaser = tidy(kept + " She shows charts that any board of directors can grasp at a single glance.", "teaser")
    assert teaser.text == kept and teaser.removed == ["sentences past the 25-word limit of a teaser"]
    assert repetition("a b c a b c") == 0.25 and repetition("fresh words only here") == 0.0


def test_a_loop_inside_one_sentence_counts_as_repeating_itself_however_long_the_draft():
    brief = Brief(title="Incident Response Lessons from a Festival Weekend", speakers="Kwame Boateng",
                  notes="At 6 pm on a Saturday, with 40,000 people at the gates, the ticket scanners stopped talking "
                        "to the server. Kwame tells the story of the incident.")
    looped = (f"{brief.notes} The first alert was the confusion, the confusion was the confusion, and the confusion "
              "was the confusion.")
    fresh = (f"{brief.notes} He walks through the first alert, the paper fallback that saved the evening and what "
             "the team changed before the next festival.")
    ranked = {c.text: c for c in rank(brief, [Completion(text=looped, finish_reason="stop"),
                                              Completion(text=fresh, finish_reason="stop")],
                                      embed=lambda texts: [[1.0]] * len(texts))}
    assert any("repeats itself" in r for r in ranked[looped].reasons) and not ranked[looped].faultless
    assert not any("repeats itself" in r for r in ranked[fresh].reasons)
    assert repetition(looped) > 0.1 >= repetition(fresh)


def test_strict_mode_drops_only_the_sentences_with_invented_facts():
    text, dropped = strict_text("Amara Okafor cleans registrations. She worked at Google for 10 years. "
                                "Bring a laptop.", BRIEF)
    assert text == "Amara Okafor cleans registrations. Bring a laptop." and dropped == 1


def test_ranking_real_candidates_puts_the_fewest_invented_facts_first(decoder, embedder):
    brief = Brief(title="Kubernetes Cost Control for Small Teams", speakers="Rafael Souza (DevOps Consultant)",
                  event="Harbourline Tech Summit 2026", notes="Small teams overspend on Kubernetes clusters.")
    completions = write(brief, n=4, seed=5, engine=decoder)
    assert len(completions) == 4 and len({c.text for c in completions}) > 1
    ranked = rank(brief, completions, seeds=[5, 6, 7, 8])
    counts = [len(c.check.unsupported) for c in ranked if c.text]
    assert counts == sorted(counts)  # fewest invented facts first
    top = ranked[0]
    assert top.text.startswith(copy_request(brief, seed=5).prefix) and 0 < top.similarity <= 1
    assert top.reasons[0] in ("no facts outside your brief",) or "not in your brief" in top.reasons[0]
    # stopped near the asked 80-120 words, not at the token limit; at least a quarter of them where any candidate
    # as free of invented facts has (a one-line brief handed back is faithful but no abstract; a longer draft
    # with an invented fact still ranks after it: facts come first)
    peers = [c for c in ranked if c.text and (len(c.check.unsupported), c.cut_off)
             == (len(top.check.unsupported), top.cut_off)]
    assert top.words <= 140 and (not top.too_short or all(c.too_short for c in peers))
    strict = rank(brief, completions, strict=True, seeds=[5, 6, 7, 8])
    assert all(c.check.clean for c in strict)  # strict mode leaves no unsupported fact in any candidate


def test_a_page_polling_the_drafts_hears_of_their_end_without_waiting_out_its_redraw_interval(decoder):
    brief = Brief(title="Kubernetes Cost Control for Small Teams", speakers="Rafael Souza (DevOps Consultant)")
    writing = Writing(brief, 2, 5, Sampling(), None, decoder)
    assert writing.alive()  # just started: both drafts are being written
    polls = 0
    while writing.alive(within=600):  # returns as soon as the drafts end, not after ten minutes
        polls += 1
    assert polls == 0 and all(s.result.text for s in writing.streams)
    assert not writing.alive(within=0.0)
