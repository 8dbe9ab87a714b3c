"""The feedback page with the real classifier and embedder: an organiser's corrections reach every view, digest,
report, pack and export; categories are sorted and shown; the classifier adapts from 20 corrections on."""
from __future__ import annotations

import html
import io
import zipfile

import pandas as pd
import pytest

from apptest_helpers import Downloads, button, keyed, open_page

PAGE = "feedback.py"


@pytest.fixture(scope="module")
def models():
    from core.models.cache import MODELS
    return MODELS.get("sentiment"), MODELS.get("embedder")


def rollup(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "net_sentiment" in df.value.columns).set_index("session")


def packs(downloads: Downloads) -> dict[str, str]:
    """Every speaker's pack, from the zip the page offers."""
    with zipfile.ZipFile(io.BytesIO(downloads.files["speaker_packs.zip"])) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def bulk(at, words: str, action: str):
    """Filter by words (the box takes 100 characters), then change every comment shown."""
    at.text_input(key="fb_filter_words").input(words[:100]).run()
    at.selectbox(key="fb_bulk_action").select(action).run()
    button(at, "Apply").click().run()
    assert not at.exception
    at.text_input(key="fb_filter_words").input("").run()
    return at


def test_corrections_flow_into_every_view_digest_report_pack_and_export(models, monkeypatch):
    downloads = Downloads(monkeypatch)
    at = open_page(PAGE)
    before_metrics = {m.label: m.value for m in at.metric}
    before = rollup(at)
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    praise = editor[editor["label"] == "positive"]["text"].iloc[0]
    session = editor[editor["text"] == praise]["session"].iloc[0]
    bulk(at, praise, "label negative")
    after_metrics = {m.label: m.value for m in at.metric}
    assert int(after_metrics["Negative"].rstrip("%")) >= int(before_metrics["Negative"].rstrip("%"))
    after = rollup(at)
    assert after.loc[session, "share_negative"] > before.loc[session, "share_negative"]
    n = int((editor["text"] == praise).sum())
    assert any(f"· {n} label{'s' if n != 1 else ''} set by you" in c.value for c in at.caption)
    exported = pd.read_csv(io.StringIO(downloads.text("feedback_sentiment.csv")))
    mine = exported[exported["text"] == praise]
    assert (mine["label"] == "negative").all() and (mine["label_by"] == "organiser").all()
    assert (mine["model_label"] == "positive").all()
    by_session = pd.read_csv(io.StringIO(downloads.text("feedback_by_session.csv"))).set_index("session")
    assert by_session.loc[session, "share_negative"] == pytest.approx(after.loc[session, "share_negative"])
    keyed(at.selectbox, "fb_digest_pick").select(session).run()
    assert not at.exception
    # the report is built from the corrected labels: its embedded CSV says so
    button(at, "Build the report").click().run()
    assert not at.exception
    # the pack of the session's speaker shows the comment under its corrected label
    pack = next(page for page in packs(downloads).values() if html.escape(praise) in page)
    row = pack[pack.index(html.escape(praise)):]
    assert row.split("</tr>")[0].count("negative") == 1


def test_held_back_comments_are_left_out_of_packs_and_counted(models, monkeypatch):
    downloads = Downloads(monkeypatch)
    at = open_page(PAGE)
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    remark = editor["text"].iloc[0]
    bulk(at, remark, "hold back from speakers")
    assert any("held back from speakers" in c.value and "· 0 held back" not in c.value for c in at.caption)
    pages = packs(downloads)
    assert pages and not any(html.escape(remark) in page for page in pages.values())
    assert any("held back by the organisers" in page for page in pages.values())


def test_packs_are_built_once_until_the_comments_change(models, monkeypatch):
    """Every click on the page redraws every tab: the packs are rebuilt only when what they show changed."""
    from dashboard.feedback import packs as pack_views

    built, real = [], pack_views.speaker_packs
    monkeypatch.setattr(pack_views, "speaker_packs", lambda *a, **k: built.append(1) or real(*a, **k))
    downloads = Downloads(monkeypatch)
    at = open_page(PAGE)
    at.run()
    at.run()
    assert len(built) <= 1  # none when an earlier test left the same packs in the cache
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    remark = editor["text"].iloc[-1]
    bulk(at, remark, "hold back from speakers")
    assert len(built) >= 1
    assert not any(html.escape(remark) in page for page in packs(downloads).values())


def test_categories_are_sorted_shown_and_moved(models):
    at = open_page(PAGE)
    crosstabs = [df.value for df in at.dataframe if df.value.index.name == "session"]
    assert any({"Venue", "Catering", "A/V"} <= set(t.columns) for t in crosstabs)
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    assert editor["category"].notna().all() and editor["category"].nunique() >= 5
    coffee = editor[editor["text"].str.contains("coffee", case=False)]
    assert (coffee["category"] == "Catering").mean() >= 0.5
    bulk(at, "wifi", "move to Venue")
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    wifi = editor["text"].str.contains("wifi", case=False)
    assert (editor[wifi]["category"] == "Venue").all()
    coffee = editor["text"].str.contains("coffee", case=False) & ~wifi
    sorted_as = editor[coffee]["category"].tolist()
    bulk(at, "coffee", "confirm their categories")
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    assert editor[coffee]["category"].tolist() == sorted_as  # confirmed where they were, now examples
    placed = int(wifi.sum() + coffee.sum())
    assert any(c.value.startswith(f"Placed by you: {placed:,} comment") for c in at.caption)


def test_the_categories_tab_says_how_sure_it_is_and_which_comments_to_confirm_next(models):
    at = open_page(PAGE)
    sure = next(df.value for df in at.dataframe if "near the boundary" in df.value.columns)
    assert {"Venue", "Catering", "A/V"} <= set(sure["category"]) and sure["placed by you"].sum() == 0
    assert (sure["near the boundary"] <= sure["comments"]).all() and sure["near the boundary"].sum() > 0
    assert any(c.value.startswith("Place at least two comments") for c in at.caption)
    offered = next(df.value for df in at.dataframe if "right category" in df.value.columns)
    assert 2 <= len(offered) <= 8 and offered["comment"].is_unique
    confirm = next(b for b in at.button if b.label.startswith("Confirm these"))
    confirm.click().run()  # as sorted: each becomes an example of the category it was in
    assert not at.exception
    sure = next(df.value for df in at.dataframe if "near the boundary" in df.value.columns)
    assert sure["placed by you"].sum() == len(offered)
    assert any(c.value.startswith("On the comments you placed") and "from " in c.value for c in at.caption)
    again = next(df.value for df in at.dataframe if "right category" in df.value.columns)
    assert not set(again["comment"]) & set(offered["comment"])  # confirmed ones are not offered again


def test_the_classifier_adapts_from_twenty_corrections_and_switches_on_and_off(models):
    at = open_page(PAGE)
    assert any("0 of 20 corrections" in c.value for c in at.caption)
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    # as an organiser would: every remark on a room's temperature is a complaint, whatever else it says
    bulk(at, "cold", "label negative")
    bulk(at, "freezing", "label negative")
    bulk(at, "Room Baltic", "label negative")
    corrected = next(df.value for df in at.dataframe if "label_by" in df.value.columns)["label_by"]
    assert 20 <= (corrected == "✔ you").sum() < 80
    button(at, next(b.label for b in at.button if b.label.startswith("Adapt to my"))).click().run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert int(values["Corrections it learned from"]) >= 20 and values["Adapted agrees with you"].endswith("%")
    toggle = next(t for t in at.toggle if t.label.startswith("Use the adapted classifier"))
    assert toggle.value is False
    toggle.set_value(True).run()
    assert not at.exception
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    assert (editor["label_by"] == "adapted").any()
    next(t for t in at.toggle if t.label.startswith("Use the adapted classifier")).set_value(False).run()
    editor = next(df.value for df in at.dataframe if "label_by" in df.value.columns)
    assert not (editor["label_by"] == "adapted").any()


def test_edits_in_the_table_become_one_change_per_value(monkeypatch):
    """What the organiser changes in the table's cells (a label, a category, a tick), by the rows' positions."""
    from dashboard.feedback import corrections

    calls = []
    for name, short in (("correct", "correct"), ("move_to_category", "move"), ("hold_back", "hold_back")):
        monkeypatch.setattr(corrections.workspace, name, lambda positions, value, short=short: calls.append(
            (short, positions, value)))
    table = pd.DataFrame({"label": ["positive", "negative", "neutral", "positive"],
                          "category": ["Venue", None, "A/V", "Venue"], "held_back": [False, False, True, False]},
                         index=[10, 11, 12, 40])
    assert not corrections._apply_edits(table, table.copy())
    edited = table.copy()
    edited.loc[[10, 40], "label"] = "negative"
    edited.loc[11, "category"] = "Catering"
    edited.loc[12, "held_back"] = False
    assert corrections._apply_edits(table, edited)
    assert sorted(calls) == [("correct", [10, 40], "negative"), ("hold_back", [12], False), ("move", [11], "Catering")]
