"""The decoder on its real engine: llama.cpp (xllamacpp) on the packaged SmolLM2 GGUF."""
import math
import re
from dataclasses import replace

import pytest
import torch

from core.descriptions.brief import Brief, copy_request
from core.descriptions.best_of import draft, draft_many
from core.descriptions.cleanup import finish
from core.models.engines import ContextWindowError, Request, Sampling
from core.concepts.sampling import probabilities

BRIEF = Brief(title="Pandas for Event Analytics", speakers="Amara Okafor (Head of Data)", event="Harbourline Summit",
              kind="teaser")


def test_greedy_output_is_deterministic_and_continues_the_opening(decoder):
    first = decoder.complete(copy_request(BRIEF, Sampling(greedy=True), 40))
    second = decoder.complete(copy_request(BRIEF, Sampling(greedy=True), 40))
    assert first.text == second.text
    assert first.text.startswith(copy_request(BRIEF).prefix)
    assert first.completion_tokens > 5 and first.tokens_per_second > 0
    assert first.prompt_tokens > 20


def test_seeded_sampling_is_reproducible_and_seeds_differ(decoder):
    settings = Sampling(temperature=1.0, top_k=50, top_p=0.95)
    a, b, c = (decoder.complete(copy_request(BRIEF, settings, 24, seed)) for seed in (11, 11, 12))
    assert a.text == b.text
    assert a.text != c.text


def test_streamed_pieces_add_up_to_the_text_and_carry_probabilities(decoder):
    # 8 tokens: the greedy teaser is still under way, so every generated token is a shown piece (a draft that ends
    # on its own also generates the end-of-text token, which has no piece)
    run = decoder.stream(copy_request(BRIEF, Sampling(greedy=True), 8, top_n=5))
    pieces = list(run)
    assert "".join(pieces) == run.result.text
    assert len(pieces) > 3
    steps = run.result.steps
    assert len(steps) == run.result.completion_tokens
    for step in steps:  # greedy: each chosen token is the most likely one, and it is among the alternatives
        assert len(step.alternatives) == 5
        assert step.token == step.alternatives[0][0]
        assert step.probability == pytest.approx(step.alternatives[0][1], rel=1e-4)
    assert "".join(s.token for s in steps) == run.result.text.removeprefix(run.request.prefix)


def test_token_limit_ends_on_a_full_sentence(decoder):
    brief = Brief(title="Pandas for Event Analytics", speakers="Amara Okafor", kind="abstract")
    result = decoder.complete(copy_request(brief, Sampling(greedy=True), 60))
    assert result.truncated
    assert finish(result).endswith((".", "!", "?", "…", '"'))


def test_engine_distribution_after_sampling_is_our_maths_on_its_raw_one(decoder):
    """With top-k 10 inside the 15 tokens reported, the whole sampled distribution is known: the engine's
    post-sampling probabilities must equal temperature -> top-k -> top-p applied to its raw ones."""
    settings = Sampling(temperature=0.7, top_k=10, top_p=0.8)
    rows = decoder.next_token(copy_request(BRIEF, settings), top_n=15)
    assert len(rows) == 15
    raw = torch.tensor([r["p_raw"] for r in rows])
    assert raw.sum() <= 1.0 + 1e-6 and torch.all(raw[:-1] >= raw[1:])
    expected = probabilities(raw.log(), temperature=0.7, top_k=10, top_p=0.8)
    for row, p in zip(rows, expected.tolist()):
        assert row["p_final"] == pytest.approx(p, abs=2e-3)
        assert row["status"] == ("kept" if p > 0 else ("cut by top-k" if row["rank"] > 10 else "cut by top-p"))
    assert sum(r["p_final"] for r in rows) == pytest.approx(1.0, abs=1e-3)


def test_prompt_that_does_not_fit_the_window_is_refused(decoder):
    request = copy_request(Brief(title="Pandas", notes="data " * 200), max_tokens=decoder.context_window)
    with pytest.raises(ContextWindowError, match="at most 8,192 tokens"):
        decoder.stream(request)


def test_parallel_requests_share_decoding_steps(decoder):
    """Four drafts at once run in the engine's slots, batched into the same decoding steps, instead of one
    after another (counted by llama.cpp's own decode counter, not by a clock)."""
    def decodes() -> int:
        return int(float(re.search(r"^llamacpp:n_decode_total (\S+)", decoder.metrics(), re.M).group(1)))

    requests = [replace(copy_request(BRIEF, Sampling(temperature=1.0), 48, seed), max_tokens=48) for seed in range(4)]
    before = decodes()
    results = decoder.complete_many(requests)
    used = decodes() - before
    tokens = sum(r.completion_tokens for r in results)
    assert len({r.text for r in results}) > 1
    assert used < 0.6 * tokens, f"{used} decoding steps for {tokens} tokens: the requests were not batched"


def test_many_different_briefs_do_not_pile_up_memory(decoder):
    """llama.cpp's server by default keeps the prompt state of every slot it reuses in RAM (up to 8 GB):
    each new brief would add megabytes for the life of the process. The engine turns that cache off."""
    from core.models.memory import release_freed_memory, rss_mb

    def brief(i: int) -> Request:
        facts = " ".join(f"Fact {i}.{j}: room {i * 7 + j} opens at {j + 8} o'clock for track {i}." for j in range(12))
        return Request(prompt=facts, sampling=Sampling(greedy=True), max_tokens=1)

    decoder.complete_many([brief(i) for i in range(8)])  # every slot holds a prompt of ~250 tokens
    release_freed_memory()
    before = rss_mb()
    for i in range(8, 18):  # 10 more, each evicting a slot's earlier prompt
        decoder.complete(brief(i))
    release_freed_memory()
    assert rss_mb() - before < 20, f"{rss_mb() - before:.0f} MB kept after 10 new prompts"


def test_closing_a_stream_stops_the_engine(decoder):
    run = decoder.stream(copy_request(BRIEF, Sampling(temperature=1.0), 300))
    for i, _ in enumerate(run):
        if i == 3:
            break
    run.close()
    assert run.result.completion_tokens < 50
    assert decoder.complete(copy_request(BRIEF, Sampling(greedy=True), 8)).completion_tokens > 0  # still serving


def test_tokens_cover_the_text(decoder):
    text = "Harbourline Tech Summit 2026 — café & Kubernetes 🚀"
    tokens = decoder.tokenize(text)
    assert "".join(piece for _, piece in tokens) == text
    assert all(isinstance(i, int) for i, _ in tokens)


def test_draft_is_the_best_checked_candidate_and_drafts_run_side_by_side(decoder, embedder):
    from core.descriptions.best_of import best_draft

    best = best_draft(BRIEF, seed=3)
    assert best.text.startswith(("Join Amara Okafor", "Amara Okafor")) and best.reasons
    assert draft(BRIEF, seed=3, n=1).startswith(("Join Amara Okafor", "Amara Okafor"))
    briefs = [BRIEF, replace(BRIEF, title="Kubernetes Cost Control"), replace(BRIEF, notes="word " * 3000)]
    done = dict(draft_many(briefs, seed=3, n=4))  # one candidate at a time, as the batch page writes
    assert done[0].text.startswith(("Join Amara Okafor", "Amara Okafor")) and done[0].check.offered
    assert done[1].text.startswith(("Join Amara Okafor", "Amara Okafor"))
    assert isinstance(done[2], ContextWindowError) or done[2].text


def test_in_turns_the_model_writes_more_candidates_only_when_none_so_far_passes(decoder, embedder):
    from core.descriptions.best_of import BestOf

    for seed in (11, 12, 13):  # one at a time in a slot of its own, as the batch writes
        run = BestOf(replace(BRIEF, notes="Amara shows how pandas cleans ticket sales and finds duplicates."), 4,
                     seed, wave=1, slot=2)
        run.next_round()
        passed = any(c.faultless for c in run.check())
        while run.next_round() is not None:
            run.check()
        # one fresh; then, while none passes, one continuing the best supported start (once), the other fresh ones
        # and a last round of four
        assert len(run.completions) == run.written + run.turn_repaired + 4 * run.repairs
        assert len(run.completions) == 1 if passed else len(run.completions) >= 2, (seed, passed, run.repairs)
        assert run.ranked[0].faultless or run.written == 4, "stopped writing before a candidate passed"
        assert run.ranked[0].text.startswith(("Join Amara Okafor", "Amara Okafor"))


def test_zero_shot_reads_the_answer_probabilities(decoder):
    from core.feedback import zero_shot

    assert zero_shot.label_of(" Neg") == "negative" and zero_shot.label_of("the") is None
    results, seconds = zero_shot.classify(["I loved every minute of the keynote!", "Awful, boring, a waste."])
    assert seconds > 0 and len(results) == 2
    for result in results:
        assert set(result["scores"]) == {"negative", "neutral", "positive"}
        assert math.isclose(sum(result["scores"].values()), 1.0, abs_tol=1e-6)
        assert 0 < result["answer_mass"] <= 1
