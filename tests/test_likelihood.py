"""The decoder's second opinion on each sentence (core/descriptions/likelihood.py), on the real PyTorch decoder: a
sentence the brief supports becomes more likely with the brief in the prompt; filler and talk about the task do
not, and are marked, ranked down and dropped in strict mode. Its quality is measured on the two sets labelled
blind (tests/data/README.md), whose briefs the threshold never saw."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from core.descriptions import likelihood
from core.descriptions.brief import Brief
from core.descriptions.claims import check_claims
from core.descriptions.likelihood import (ABOUT_THE_TASK, NOT_MORE_LIKELY, PMI_FLOOR, check_draft, score,
                                          second_opinion)
from core.descriptions.ranking import rank
from core.models import MODELS, Completion

DATA = Path(__file__).parent / "data"
BRIEF = Brief(title="DoH or Don't", speakers="Carsten Strotmann", event="Chaos Communication Camp 2019",
              notes="Seldom have DNS protocol changes sparked such fierce debate as DNS-over-HTTPS (DoH) and its "
                    "little cousin, DNS-over-TLS (DoT). This talk will discuss the technical and political aspects "
                    "of these DNS privacy protocols and who is implementing them.")
DRAWN = "This talk discusses the technical and political aspects of DNS privacy protocols such as DoH and DoT."
FILLER = "It is a great time to learn, and the world is changing fast."


def test_the_brief_makes_its_own_claims_more_likely_and_filler_not():
    drawn, filler = score(BRIEF, [[DRAWN, FILLER]])[0]
    assert drawn.pmi > PMI_FLOOR + 1  # ~3 nats per token on this machine
    assert filler.pmi < PMI_FLOOR
    assert drawn.tokens > 10 and filler.tokens > 5


def test_the_prompt_read_once_scores_as_a_whole_pass_does():
    """The KV cache of the prompt is kept and cropped between drafts; the scores must equal one plain forward
    pass over prompt and draft, draft after draft (a cache not cropped would shift every later draft)."""
    drafts = [[DRAWN, FILLER], ["DoH hides DNS queries inside HTTPS."]]
    cached = score(BRIEF, drafts)
    lm = MODELS.get("decoder_torch")
    tokenizer, model = lm.tokenizer, lm.model
    chat = likelihood.contexts(BRIEF)[0]
    prompt = tokenizer(tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True),
                       add_special_tokens=False)["input_ids"]
    for sentences, scored in zip(drafts, cached):
        ids = tokenizer(" ".join(sentences), add_special_tokens=False)["input_ids"]
        with torch.inference_mode():
            logits = model(torch.tensor([prompt + ids])).logits[0, len(prompt) - 1:-1].float()
        whole = torch.log_softmax(logits, -1).gather(1, torch.tensor(ids)[:, None])[:, 0]
        total = sum(s.given_brief * s.tokens for s in scored)
        assert sum(s.tokens for s in scored) == len(ids)
        assert total == pytest.approx(float(whole.sum()), abs=0.05 * len(ids))


def test_the_verdict_joins_the_words_the_task_and_the_likelihood():
    talk = 'The talk will be titled "DoH or Don\'t".'
    added = "He also covers medieval guilds, sourdough baking and the history of Portuguese tiles."
    checks = second_opinion(BRIEF, [check_claims(" ".join([DRAWN, FILLER, talk, added]), BRIEF)])[0]
    verdicts = {c.text: c for c in checks}
    assert verdicts[DRAWN].supported and verdicts[DRAWN].pmi is not None
    assert not verdicts[FILLER].supported and verdicts[FILLER].why == NOT_MORE_LIKELY
    assert not verdicts[talk].supported and verdicts[talk].why == ABOUT_THE_TASK
    # the words had already found it: their reason, which names what the brief lacks, is the one kept
    assert not verdicts[added].supported and verdicts[added].why != NOT_MORE_LIKELY


def test_filler_ranks_a_candidate_down_and_strict_mode_drops_it():
    drawn = f"Seldom have DNS protocol changes sparked such fierce debate as DoH and DoT. {DRAWN}"
    padded = Completion(text=f"{drawn} {FILLER}", finish_reason="stop")
    plain = Completion(text=drawn, finish_reason="stop")
    ranked = rank(BRIEF, [padded, plain])
    assert ranked[0].text == drawn and ranked[1].unsupported_sentences == 1
    assert "1 of 3 sentences not from your brief" in ranked[1].reasons
    words_only = rank(BRIEF, [padded, plain], opinion=None)
    assert all(c.unsupported_sentences == 0 for c in words_only)  # the words alone pass the filler
    strict = rank(BRIEF, [padded], strict=True)[0]
    assert strict.text == drawn and any("strict mode" in r for r in strict.removed)


def test_an_unavailable_decoder_leaves_the_words_verdict(monkeypatch):
    def unavailable(*_):
        raise likelihood.ModelUnavailableError("no decoder here")
    monkeypatch.setattr(likelihood, "_cached_score", unavailable)
    checks = check_draft(f"{DRAWN} {FILLER}", BRIEF)
    assert [c.supported for c in checks] == [True, True] and all(c.pmi is None for c in checks)


def _labelled(name: str, briefs: str) -> tuple[list[bool], list[bool]]:
    """Flagged and truly bad ("adds a claim" or filler), sentence by sentence, drafts scored as they were written."""
    rows = [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]
    known = [json.loads(line) for line in (DATA / briefs).read_text().splitlines() if line.strip()]
    flagged, bad = [], []
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["brief"], r["draft"]), []).append(r)
    for (b, _), group in groups.items():
        k = known[b]
        brief = Brief(title=k["title"], event=k["event"], speakers=k["speakers"], format=k["format"],
                      notes=k["notes"])
        words = [check_claims(r["sentence"], brief) for r in group]
        # a sentence splits no further here: each labelled row is one sentence of its draft, in order
        checks = second_opinion(brief, [[w[0] for w in words if w]])[0]
        flagged += [not c.supported for c in checks]
        bad += [r["label"] == "adds" or r["filler"] for r, w in zip(group, words) if w]
    return flagged, bad


@pytest.mark.parametrize("name, briefs", [("claims_labelled_blind.jsonl", "real_briefs_blind.jsonl"),
                                          ("claims_labelled_new.jsonl", "real_briefs_new.jsonl")])
def test_on_sets_labelled_blind_it_finds_most_bad_sentences_and_is_mostly_right(name, briefs):
    """ "Adds a claim or filler" on the two sets labelled blind. Measured on the 2-core CI machine (bench/claims.py):
    recall 0.85 / precision 0.86 (CCC set) and 0.86 / 0.78 (PyCon Portugal set), the issue's goal being recall
    >= 0.80 at precision >= 0.70; the words alone find 0.56 and 0.50. The bound here leaves room for another CPU's
    bf16 rounding (11 sentences of the CCC set sit within 0.1 of the floor), and still fails the words alone."""
    flagged, bad = _labelled(name, briefs)
    hits = sum(f and b for f, b in zip(flagged, bad))
    assert hits / sum(bad) >= 0.75
    assert hits / sum(flagged) >= 0.70


def test_only_candidates_that_can_still_win_are_read_and_strict_mode_reads_all():
    """The opinion only adds flags, so once the best judged candidate ranks ahead of every other's words-only
    place, the decoder reads no more: one call when the best is clean; when it is not, the other candidate the
    words pass is read too; the one too short to win never is. Strict mode reads every candidate at once."""
    debate = "Seldom have DNS protocol changes sparked such fierce debate as DoH and DoT."
    completions = [Completion(text=f"{debate} {DRAWN}", finish_reason="stop"),
                   Completion(text=f"{DRAWN} {debate}", finish_reason="stop"),
                   Completion(text="Short.", finish_reason="stop")]
    calls = []

    def none_flagged(brief, drafts):
        calls.append(len(drafts))
        return drafts

    def first_sentence_flagged(brief, drafts):
        calls.append(len(drafts))
        return [[replace(c, supported=False) if k == 0 else c for k, c in enumerate(d)] for d in drafts]

    assert rank(BRIEF, completions, opinion=none_flagged)[0].unsupported_sentences == 0 and calls == [1]
    calls.clear()
    ranked = rank(BRIEF, completions, opinion=first_sentence_flagged)
    assert calls == [1, 1] and [c.unsupported_sentences for c in ranked[:2]] == [1, 1]
    assert ranked[2].text == "Short."  # too short to win: never read
    calls.clear()
    rank(BRIEF, completions, strict=True, opinion=none_flagged)
    assert calls == [3]
