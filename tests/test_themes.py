"""Themes, digests and the post-event report on real text and the real embedder and classifier."""
import base64
import re

import pandas as pd
import pytest

from core.feedback import sentiment
from core.feedback.digests import digest, digests, theme_of
from core.feedback.comments import from_event, with_sentiment
from core.store.demo import load_demo_event
from core.feedback.report import build
from core.feedback.themes import _name, themes

SUBJECTS = {
    "wifi": ["The wifi kept dropping all afternoon.", "No wifi signal in hall B at all.",
             "Could not connect to the wifi network.", "Wi-Fi password did not work for anyone.",
             "The wireless internet was painfully slow.", "Wifi died during the workshop, so we could not follow."],
    "food": ["The coffee ran out by ten.", "Great coffee and pastries at the break.",
             "Lunch queue was forty minutes long.", "Food was cold and the lunch line endless.",
             "Loved the vegan lunch options.", "More snacks and coffee between sessions, please."],
    "audio": ["Could not hear the speaker, the microphone kept cutting out.", "Audio in room 2 was terrible.",
              "The sound system buzzed the whole time.", "Microphone was far too quiet at the back.",
              "Speakers crackled and the sound kept dropping.", "Mic feedback squealed every few minutes."],
    "travel": ["Trains to the venue were packed.", "Parking near the venue was impossible to find.",
               "The venue was hard to reach by public transport.", "Shuttle buses from the station never came.",
               "Took two hours to get there by bus.", "No signs from the station to the venue entrance."],
}


def test_comments_about_different_subjects_come_out_as_different_themes(embedder):
    texts = [t for subject in SUBJECTS.values() for t in subject]
    found = themes(texts)
    assert all({"label", "keywords", "members", "quotes"} <= set(t) for t in found)
    home = {}
    for theme in found:
        for i in theme["members"]:
            home[i] = theme["label"]
    # most comments of each subject share one theme, and no two subjects share their main theme
    main = {}
    for k, subject in enumerate(SUBJECTS):
        labels = [home.get(k * 6 + j) for j in range(6)]
        main[subject] = max(set(labels), key=labels.count)
        assert labels.count(main[subject]) >= 4, (subject, labels)
    assert len(set(main.values())) == 4, main
    wifi = next(t for t in found if t["label"] == main["wifi"])
    assert any("wifi" in k for k in wifi["keywords"][:3]) and all(q in texts for q in wifi["quotes"])
    assert themes(texts) == found  # seeded: the same themes on every rerun


def test_a_comment_that_fits_no_theme_is_kept_under_other(embedder):
    texts = [t for subject in SUBJECTS.values() for t in subject] + ["Quantum chromodynamics of gluon plasma."]
    found = themes(texts)
    members = sorted(i for t in found for i in t["members"])
    assert members == list(range(len(texts)))  # nobody lost
    assert themes([]) == [] and len(themes(["only one comment"])) == 1


def test_a_name_leads_with_what_most_of_its_comments_say_and_never_splits_a_phrase():
    """The demo once showed "cutting edge · says cutting" (two keywords from one phrase), and themes named by a
    striking phrase three comments shared ("feedback squealing") instead of what most of them were about."""
    lowered = ["the wifi kept dropping", "wifi was down all day", "no wifi in hall b", "wifi dropping again",
               "coffee ran out", "great coffee", "the room was cold", "hall b was cold"]
    assert _name(["kept dropping", "wifi kept", "wifi", "dropping", "hall"], lowered, [0, 1, 2, 3]) == \
        ["wifi", "dropping"]
    lowered = ["cutting edge stuff", "says cutting edge things", "cutting edge slides", "slides were fine",
               "coffee", "tea"]
    assert _name(["says cutting", "cutting", "cutting edge", "slides"], lowered, [0, 1, 2, 3]) == \
        ["cutting edge", "slides"]
    assert _name(["coffee"], ["coffee", "tea"], [0]) == ["coffee"]


def test_demo_theme_names_come_from_their_own_comments_and_do_not_repeat_a_word(embedder):
    """Which themes k-means finds in the demo differs between CPUs; what a name is made of does not."""
    texts = load_demo_event().feedback["text"].tolist()
    found = themes(texts)
    named = [t for t in found if not t["other"]]
    assert len(named) >= 3 and len({t["label"] for t in named}) == len(named)
    for theme in named:
        words = theme["label"].replace(" · ", " ").split()
        assert len(words) == len(set(words)), theme["label"]
        members = " ".join(texts[i].lower() for i in theme["members"])
        assert all(keyword in members for keyword in theme["label"].split(" · ")), theme["label"]


@pytest.fixture(scope="module")
def scored(embedder):
    event = load_demo_event()
    comments = from_event(event.feedback, event.agenda).comments
    comments.loc[0, "text"] = "<script>alert('x')</script> The wifi was awful."
    return with_sentiment(comments, sentiment.classify(comments["text"].tolist()))


def test_digests_quote_exact_comments_and_count_right(scored):
    found = themes(scored["text"].tolist())
    event = digests(scored, found)[0]
    assert event["session"] == "Whole event" and event["comments"] == len(scored)
    assert event["praise"] in scored["text"].tolist() and event["complaint"] in scored["text"].tolist()
    session = scored["session"].iloc[5]
    one = digest(scored, found, session)
    rows = scored[scored["session"] == session]
    assert one["comments"] == len(rows)
    assert one["net"] == pytest.approx((rows["label"] == "positive").mean() - (rows["label"] == "negative").mean())
    assert one["complaint"] is None or one["complaint"] in rows["text"].tolist()
    assert len(theme_of(found, len(scored))) == len(scored)


def test_the_report_is_one_self_contained_file(scored):
    found = themes(scored["text"].tolist())
    page = build("Harbourline <Summit>", scored, found)
    assert "<script" not in page.lower().replace("&lt;script", "")  # the comment's tag is escaped, not run
    assert "&lt;script&gt;alert" in page and "Harbourline &lt;Summit&gt;" in page
    links = set(re.findall(r"(?:src|href)=\"([a-z]+):", page))
    assert links <= {"data"}  # nothing fetched from anywhere
    assert all(u.startswith("http://www.w3.org/") for u in re.findall(r"https?://[^\"'\s)]+", page))
    assert page.count("<svg") == 3
    csv = base64.b64decode(re.search(r"data:text/csv;base64,([A-Za-z0-9+/=]+)", page).group(1)).decode()
    assert len(pd.read_csv(pd.io.common.StringIO(csv))) == len(scored)
    assert found[0]["quotes"][0].replace("&", "&amp;")[:40] in page or found[0]["quotes"][0][:20] in page
