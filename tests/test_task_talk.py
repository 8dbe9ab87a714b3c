"""Sentences about the task, not the talk, are dropped before ranking: the title announced, the prompt read back,
the writer's own edits; a sentence that says something about the talk stays, title or first person and all."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.descriptions.brief import Brief
from core.descriptions.ranking import rank
from core.descriptions.task_talk import task_talk, without_task_talk
from core.models.engines import Completion

BRIEF = Brief(title="Legacy apps, deadlines and project pragmatism - Delivering messages every night",
              speakers="João Ferreira", event="PyCon Portugal 2023",
              notes="A healthcare platform sends thousands of messages every night from a legacy app.")


@pytest.mark.parametrize("sentence", [
    'The talk will be titled "Legacy apps, deadlines and project pragmatism".',
    "I added a new part of the talk to make it more interesting.",
    'Your first sentence will be: "A healthcare platform sends thousands of messages every night."',
    "This is a session on legacy apps, with the first sentence: messages every night.",
    'In this talk, João Ferreira will present a session on "Legacy apps, deadlines and project pragmatism".',
    "The abstract now reads more smoothly.",
    'It will be called "Legacy apps" at PyCon Portugal 2023.',
])
def test_sentences_about_the_task_are_found(sentence):
    assert task_talk(sentence, BRIEF)


@pytest.mark.parametrize("sentence", [
    "A healthcare platform sends thousands of messages every night from a legacy app.",
    'João shows how a legacy app keeps sending messages every night, in a talk titled "Legacy apps, deadlines '
    'and project pragmatism".',
    "I added retries to the nightly sender after it dropped a thousand messages.",  # a speaker's own first person
    "The tool is called Hermes and sends the messages.",
    "Expect war stories about deadlines.",
    "João Ferreira explains legacy apps, deadlines and project pragmatism.",  # the title, said as what he does
    "Learn how the abstract syntax tree of the legacy app was rebuilt.",
    "The description of the message protocol is public.",
])
def test_sentences_about_the_talk_stay(sentence):
    assert not task_talk(sentence, BRIEF)


def test_a_draft_loses_its_task_talk_before_ranking_and_says_so():
    draft = ('The talk will be titled "Legacy apps, deadlines and project pragmatism". A healthcare platform sends '
             "thousands of messages every night from a legacy app. I added a new part of the talk to make it more "
             "interesting.")
    text, dropped = without_task_talk(draft, BRIEF)
    assert text == "A healthcare platform sends thousands of messages every night from a legacy app."
    assert len(dropped) == 2
    ranked = rank(BRIEF, [Completion(text=draft, finish_reason="stop")])
    assert ranked[0].text == text
    assert sum("about the title or the writing" in r for r in ranked[0].removed) == 2


def test_on_the_labelled_drafts_only_task_talk_is_dropped():
    """Every sentence of the hand-labelled drafts the rule drops was read: all announce the title or read the prompt
    back. This pins that set: a rule that starts dropping content fails here."""
    data = Path(__file__).resolve().parent / "data"
    found = []
    for labels, briefs in (("claims_labelled.jsonl", "real_briefs.jsonl"),
                           ("claims_labelled_blind.jsonl", "real_briefs_blind.jsonl")):
        rows = [json.loads(line) for line in (data / briefs).read_text().splitlines() if line.strip()]
        for line in (data / labels).read_text().splitlines():
            r = json.loads(line)
            b = rows[r["brief"]]
            brief = Brief(title=b["title"], speakers=b["speakers"], event=b["event"], notes=b["notes"])
            if task_talk(r["sentence"], brief):
                found.append(r["sentence"][:40])
    assert len(found) == 9, found
