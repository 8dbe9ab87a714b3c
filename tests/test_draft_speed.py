"""Drafts spend the engine's time where it can win: the candidates of one brief read its prompt once, drafts that
can no longer beat a clean one stop, batch mode writes a brief's candidates in turns and no more once one passes
every check, a second round continues the best supported start instead of starting over, and the models load in
the background once a fresh server has drawn its first page."""
from __future__ import annotations

import re
import threading
import time
from dataclasses import replace


from core.descriptions.best_of import BestOf, supported_start
from core.descriptions.writing import Writing, read_ahead, wait_for_read_ahead
from core.descriptions.brief import Brief, copy_request
from core.models.engines import Engine, Request, Sampling

BRIEF = Brief(title="Pandas for Event Analytics", speakers="Ana Costa", event="Harbourline Summit",
              notes="Ana shows how to clean ticket sales with pandas.", kind="abstract")
CLEAN = ("shows how to clean ticket sales with pandas, step by step, on a laptop. " * 8).strip()
START = copy_request(BRIEF).prefix  # the opening the model continues (picked per brief and seed)
DIRTY = "shows pandas. She won the Nobel Prize in 2019. " + "more and more words follow here " * 40


class ScriptedEngine(Engine):
    """Writes a fixed text per seed, one word per piece, `delay` seconds apart; remembers every request."""

    slots = 8

    def __init__(self, scripts: dict[int, str], delay: float = 0.002, continuation: str | None = None,
                 brief: Brief = BRIEF):
        self.scripts, self.delay, self.continuation = scripts, delay, continuation
        self.opening = copy_request(brief).prefix  # a request that starts elsewhere continues a draft
        self.requests: list[Request] = []
        self.pieces_sent: dict[int, int] = {}

    def _producer(self, request: Request):
        self.requests.append(request)
        is_repair = request.prefix != self.opening
        text = self.continuation if is_repair and self.continuation is not None else self.scripts[request.seed]

        def produce(on_chunk) -> None:
            for i, word in enumerate(re.findall(r"\s*\S+", " " + text.strip())):
                self.pieces_sent[request.seed] = i + 1
                time.sleep(self.delay)
                if on_chunk({"choices": [{"index": 0, "delta": {"content": word}}]}):
                    return

        return produce


def test_a_draft_that_can_no_longer_win_stops_once_a_clean_one_is_done():
    # 0 ends clean quickly; 1 holds an invented prize and would run on; 2 is slow but clean so far: it may still win
    engine = ScriptedEngine({0: CLEAN, 1: DIRTY, 2: CLEAN + " " + CLEAN, 3: DIRTY}, delay=0.003)
    writing = Writing(BRIEF, 4, 0, Sampling(), None, engine)
    results = writing.wait()
    assert writing.stopped_early == {1, 3}
    for seed in (1, 3):
        assert engine.pieces_sent[seed] < len(DIRTY.split()) / 2, "the losing drafts ran on"
        assert "Nobel" in results[seed].text and results[seed].truncated
    assert len(results[2].text.split()) >= 80  # the clean one still writing was left to finish


def test_without_a_clean_draft_nothing_is_stopped_early():
    engine = ScriptedEngine({i: DIRTY for i in range(4)}, delay=0.0)
    writing = Writing(BRIEF, 4, 0, Sampling(), None, engine)
    writing.wait()
    assert writing.stopped_early == set()


def test_the_supported_start_is_the_sentences_before_the_first_unsupported_fact():
    engine = ScriptedEngine({0: DIRTY, 1: "shows pandas. Then it goes on. Bob Smith joins from Google. " * 3})
    run = BestOf(BRIEF, 2, 0, engine=engine, embed=lambda texts: [[1.0]] * len(texts), opinion=None)
    run.next_round()
    ranked = run.check()
    assert supported_start(ranked) == f"{START} shows pandas. Then it goes on."


def test_a_second_round_continues_the_best_supported_start_instead_of_starting_over():
    engine = ScriptedEngine({i: DIRTY for i in range(4)}, continuation=" " + CLEAN)
    run = BestOf(BRIEF, 4, 0, engine=engine, embed=lambda texts: [[1.0]] * len(texts), opinion=None)
    while run.next_round() is not None:
        run.check()
    assert run.rounds == 2
    assert run.repaired_from == f"{START} shows pandas."
    assert {r.prefix for r in engine.requests[4:]} == {run.repaired_from}
    best = run.ranked[0]
    assert best.check.clean and best.text.startswith(f"{START} shows pandas. shows how to clean")
    # the page says the winner's tokens only finished another candidate's start
    assert best.continued and sum(c.continued for c in run.ranked) == 4


# A draft that passes every check (its length aside): every sentence from the brief, no invented fact, no loop
FRESH = ("shows how to clean ticket sales with pandas. Pandas for event analytics comes to the Harbourline Summit "
         "with Ana Costa. She cleans the ticket sales of an event step by step.")


def same(texts):  # an embedder that calls every sentence close to the brief: the claims check reads words alone
    return [[1.0]] * len(texts)


# A draft whose very first sentence invents a fact: nothing of it is worth continuing
INVENTED_AT_ONCE = "won the Nobel Prize in 2019. " + "more and more words follow here " * 40


def test_in_turns_no_candidate_is_written_after_one_passes_every_check():
    engine = ScriptedEngine({0: INVENTED_AT_ONCE, 1: FRESH, 2: FRESH, 3: FRESH})
    run = BestOf(BRIEF, 4, 0, engine=engine, embed=same, wave=1, opinion=None)
    while run.next_round() is not None:
        run.check()
    assert [r.seed for r in engine.requests] == [0, 1], "a third candidate was written after a faultless one"
    best = run.ranked[0]
    assert best.faultless and best.seed == 1 and best.text.startswith(f"{START} shows how to clean")
    assert run.repairs == 0 and len(run.ranked) == 2


def test_in_turns_a_failed_turn_is_continued_from_its_supported_start_instead_of_writing_anew():
    """The fault is usually a draft's last sentences: continuing the sentences before it writes only the rest."""
    engine = ScriptedEngine({0: DIRTY, 1: FRESH}, continuation=" " + FRESH)
    run = BestOf(BRIEF, 4, 0, engine=engine, embed=same, wave=1, opinion=None)
    while run.next_round() is not None:
        run.check()
    assert len(engine.requests) == 2 and engine.requests[1].prefix == f"{START} shows pandas."
    assert run.written == 1, "a fresh candidate was written after the continued one passed"
    best = run.ranked[0]
    assert best.faultless and best.continued and best.text.startswith(f"{START} shows pandas. shows how to clean")


LONG_BRIEF = replace(BRIEF, notes=(
    "Ana shows how to clean ticket sales with pandas. She joins badge scans to the programme and finds the sessions "
    "that filled up. Then she charts the queues at the doors by the hour and reads the feedback forms for complaints "
    "about rooms. Every step runs on a laptop in a notebook you can take home. The talk closes with the mistakes "
    "that cost her a week and how to avoid them."))


def test_in_turns_a_draft_whose_only_fault_is_its_last_sentence_wins_without_it_and_nothing_more_is_written():
    faithful = ("ticket sales with pandas. She joins badge scans to the programme and finds the sessions that "
                "filled up. Then she charts the queues at the doors by the hour and reads the feedback forms for "
                "complaints about rooms. Every step runs on a laptop in a notebook you can take home. The talk closes with "
                "the mistakes that cost her a week.")
    engine = ScriptedEngine({0: faithful + " Ana won the Nobel Prize in 2019.", 1: FRESH}, brief=LONG_BRIEF)
    run = BestOf(LONG_BRIEF, 4, 0, engine=engine, embed=same, wave=1, opinion=None)
    while run.next_round() is not None:
        run.check()
    assert len(engine.requests) == 1, "a turn was written although the first draft, less its last sentence, passes"
    best = run.ranked[0]
    assert best.faultless and best.trimmed and not best.continued
    assert "Nobel" not in best.text and best.text.endswith("the mistakes that cost her a week.")
    assert best.removed == ["the last sentence, not from your brief"] and best.seed == 0
    assert len(best.text.split()) >= 60


def test_in_turns_a_supported_start_too_short_to_publish_is_continued_not_offered():
    engine = ScriptedEngine({0: "ticket sales with pandas. Ana won the Nobel Prize in 2019.", 1: FRESH},
                            continuation=" She joins badge scans to the programme and finds the sessions that filled up.",
                            brief=LONG_BRIEF)
    run = BestOf(LONG_BRIEF, 4, 0, engine=engine, embed=same, wave=1, opinion=None)
    while run.next_round() is not None:
        run.check()
    assert not any(c.trimmed for c in run.ranked)
    assert len(engine.requests) >= 2 and engine.requests[1].prefix.endswith("clean ticket sales with pandas.")


def test_in_turns_every_candidate_is_written_when_none_passes_and_none_can_be_continued():
    engine = ScriptedEngine({i: INVENTED_AT_ONCE for i in range(8)})
    run = BestOf(BRIEF, 4, 0, engine=engine, embed=same, wave=1, opinion=None)
    while run.next_round() is not None:
        run.check()
    assert [r.seed for r in engine.requests[:4]] == [0, 1, 2, 3] and not run.turn_repaired
    assert run.repairs == 1 and len(engine.requests) == 8  # the last round writes all four at once
    assert not run.ranked[0].check.clean  # nothing supported to start from, and the model invents again


def test_all_at_once_every_candidate_is_written_even_when_the_first_passes():
    """The page shows every candidate to choose from, so it writes them all (turns are batch mode's)."""
    engine = ScriptedEngine({0: FRESH, 1: DIRTY, 2: FRESH, 3: DIRTY})
    run = BestOf(BRIEF, 4, 0, engine=engine, embed=same, opinion=None)
    while run.next_round() is not None:
        run.check()
    assert sorted(r.seed for r in engine.requests) == [0, 1, 2, 3] and len(run.ranked) == 4


def test_a_draft_that_repeats_itself_does_not_pass_every_check():
    engine = ScriptedEngine({0: CLEAN, 1: FRESH})  # CLEAN is one sentence eight times
    run = BestOf(BRIEF, 2, 0, engine=engine, embed=same, wave=1, opinion=None)
    while run.next_round() is not None:
        run.check()
    looped = next(c for c in run.ranked if c.seed == 0)
    assert not looped.faultless and any("repeats itself" in r for r in looped.reasons)
    assert len(engine.requests) == 2


class KeepingEngine(ScriptedEngine):
    keeps_prompts = True  # as llama.cpp: a slot keeps the prompt it read


def test_a_batch_writes_each_brief_in_one_slot_of_its_own_for_all_its_turns(embedder):
    """One candidate at a time, a brief's turns go to one slot, where the engine still holds its prompt."""
    from core.descriptions.best_of import draft_many

    briefs = [replace(BRIEF, title=f"Pandas for Event Analytics, part {k}") for k in range(12)]
    # identical drafts repeat each other's phrases, so some briefs go on to later turns and a last round
    engine = KeepingEngine({0: DIRTY} | {seed: FRESH for seed in range(1, 16)}, continuation=" " + FRESH)
    done = dict(draft_many(briefs, seed=0, n=4, engine=engine, opinion=None))
    assert len(done) == 12 and all(not isinstance(c, Exception) for c in done.values())
    for brief in briefs:
        mine = [r for r in engine.requests if any(f'"{brief.title}"' in content for _, content in r.messages)]
        assert len(mine) >= 2, "the first candidate fails, so every brief writes a second turn"
        # a last round of four at once (n_cmpl) leaves its slots to the engine
        turns = [r.slot for r in mine if r.slot is not None]
        assert len(turns) >= 2 and len(set(turns)) == 1 and turns[0] in range(engine.slots), [r.slot for r in mine]
    assert len({r.slot for r in engine.requests}) > 1, "briefs in flight together share one slot"
    plain = ScriptedEngine({0: FRESH})  # an engine that keeps no prompt chooses its slots itself
    dict(draft_many(briefs[:3], seed=0, n=4, engine=plain, opinion=None))
    assert {r.slot for r in plain.requests} == {None}


def test_a_second_turn_in_the_same_slot_does_not_read_the_prompt_again(decoder):
    brief = replace(BRIEF, title="Slot of its own: pandas for ticketing", notes=BRIEF.notes + " Bring a mouse.")
    other = replace(BRIEF, title="Another brief altogether", notes="Nothing in common with the first.")
    wait_for_read_ahead(decoder)
    for slot in (5, 6):  # both slots hold another prompt
        Writing(other, 1, slot, Sampling(), 4, decoder, slot=slot).wait()
    size = decoder.count_tokens(copy_request(brief, Sampling(), 24))
    spent = []
    for seed, slot in ((0, 5), (1, 6), (2, 5)):  # three turns of the same brief, fresh seeds
        before = prompt_tokens_read(decoder)
        texts = Writing(brief, 1, seed, Sampling(), 24, decoder, slot=slot).wait()
        spent.append((prompt_tokens_read(decoder) - before) / size)
        assert texts[0].text
    # the first turn reads all but the system prompt the other brief shares (86 of 149 tokens here); in another
    # slot the second reads as much again, so the engine wrote where it was asked; back in the first, nearly nothing
    assert spent[0] > 0.5 and spent[1] == spent[0], spent
    assert spent[2] < 0.2, spent

def prompt_tokens_read(decoder) -> int:
    """The server's own count of prompt tokens it has read (a prompt found kept in a slot is not read again)."""
    return int(float(re.search(r"^llamacpp:prompt_tokens_total (\S+)", decoder.metrics(), re.M).group(1)))


def test_a_prompt_read_ahead_while_the_organiser_looks_is_not_read_again_on_generate(decoder):
    ahead = replace(BRIEF, title="Read ahead: pandas for ticketing", notes=BRIEF.notes + " Bring a laptop.")
    cold = replace(BRIEF, title="Not read ahead: pandas for ticketing", notes=BRIEF.notes + " Bring a charger.")
    settings = (Sampling(temperature=0.8), None, 21)
    assert read_ahead(ahead, *settings, decoder)
    assert not read_ahead(ahead, *settings, decoder), "the same prompt is read ahead once"
    wait_for_read_ahead(decoder)
    spent = {}
    for name, brief in (("ahead", ahead), ("cold", cold)):
        request = copy_request(brief, *settings)
        before = prompt_tokens_read(decoder)
        texts = ["".join(stream) for stream in decoder.stream_many(request, 4)]
        spent[name] = (prompt_tokens_read(decoder) - before) / decoder.count_tokens(request)
        assert len(set(texts)) >= 3 and all(t.startswith(request.prefix) for t in texts)
    assert spent["cold"] > 0.5, spent  # the counter does count a prompt that must be read
    assert spent["ahead"] < 0.2, spent


def test_engines_that_keep_no_prompt_are_not_asked_to_read_ahead():
    engine = ScriptedEngine({0: CLEAN})
    assert not read_ahead(BRIEF, Sampling(), None, 0, engine)
    wait_for_read_ahead(engine)  # nothing to wait for
    assert engine.requests == []


def test_the_candidates_of_one_brief_read_its_prompt_once(decoder):
    """On llama.cpp the n candidates are one request: the prompt is read in one slot and copied to the others
    (counted by the server's own prompt-token counter)."""
    request = copy_request(BRIEF, Sampling(temperature=0.9), 40, seed=7)
    one = decoder.count_tokens(request)
    wait_for_read_ahead(decoder)  # a page test may have left the engine reading a prompt ahead
    before = prompt_tokens_read(decoder)
    streams = decoder.stream_many(request, 4)
    texts = ["".join(stream) for stream in streams]
    read = prompt_tokens_read(decoder) - before
    assert read <= one + 4, f"{read} prompt tokens read for 4 candidates of a {one}-token prompt"
    assert len(set(texts)) >= 3 and all(t.startswith(request.prefix) for t in texts)
    assert [s.request.seed for s in streams] == [7, 8, 9, 10]


def test_closing_every_candidate_of_a_shared_prompt_stops_the_engine(decoder):
    streams = decoder.stream_many(copy_request(BRIEF, Sampling(temperature=1.0), 300, seed=1), 3)
    done = []

    def read(stream):
        for i, _ in enumerate(stream):
            if i == 3:
                break
        done.append(stream.result.completion_tokens)

    workers = [threading.Thread(target=read, args=(s,)) for s in streams]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(done) == 3 and max(done) < 50
    assert decoder.complete(copy_request(BRIEF, Sampling(greedy=True), 8)).completion_tokens > 0  # still serving


def test_models_load_in_the_background_once_and_the_status_says_so(monkeypatch):
    from core.models import status, warm

    release, asked = threading.Event(), []

    class SlowModels:
        def get(self, name):
            asked.append(name)
            release.wait(30)

    monkeypatch.setattr(warm, "MODELS", SlowModels())
    monkeypatch.setattr(warm, "_started", False)
    monkeypatch.setenv("EVENTS_LLM_WARM_START", "1")
    assert warm.warm_up() is True
    assert warm.warm_up() is False  # once per process
    deadline = time.monotonic() + 30
    while not asked and time.monotonic() < deadline:
        time.sleep(0.01)
    rows = {r["model"]: r["status"] for r in status.model_status()}
    assert warm.warming() == ["decoder", "embedder", "decoder_torch"]
    assert "loading" in (rows["decoder"], rows["embedder"]) or rows["decoder"] == "loaded"
    release.set()
    while warm.warming() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert asked == ["decoder", "embedder", "decoder_torch"] and warm.warming() == []


def test_warm_start_can_be_turned_off(monkeypatch):
    from core.models import warm

    monkeypatch.setattr(warm, "_started", False)
    monkeypatch.setenv("EVENTS_LLM_WARM_START", "0")
    assert warm.warm_up() is False and warm.warming() == []
