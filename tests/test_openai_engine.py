"""The decoder through any OpenAI-compatible server, tested against a real one: llama.cpp's HTTP server
(scripts/serve_decoder.py) on loopback, in its own process so a test can take it away mid-answer."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from core.descriptions.brief import Brief, copy_request
from core.models.engines import EngineError, Request, Sampling
from core.models.engines.openai_server import OpenAIEngine

ROOT = Path(__file__).resolve().parent.parent
BRIEF = Brief(title="Pandas for Event Analytics", speakers="Amara Okafor", kind="teaser")
MODEL = "SmolLM2-135M-Instruct.Q4_1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(*args: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve_decoder.py"), "--port", str(port),
                                *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return process, f"http://127.0.0.1:{port}/v1"
        except OSError as exc:
            if getattr(exc, "code", None) == 401:  # up, and asking for a key
                return process, f"http://127.0.0.1:{port}/v1"
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the llama.cpp server did not start")


@pytest.fixture(scope="module")
def server():
    process, url = start_server()
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_streams_the_same_greedy_draft_as_the_in_process_engine(server, decoder):
    remote = OpenAIEngine(server, model=MODEL)
    assert remote.model == MODEL and remote.context_window == 8192
    request = copy_request(BRIEF, Sampling(greedy=True), 32, top_n=5)
    run = remote.stream(request)
    pieces = list(run)
    assert len(pieces) > 3 and "".join(pieces) == run.result.text
    local = decoder.complete(request)
    # Greedy on the same file gives the same tokens, except where the top two are a near-tie: llama.cpp reuses
    # cached prompt state computed in other batches, and float sums in another order can flip a tie.
    for here, there in zip(local.steps, run.result.steps):
        if here.token != there.token:
            (_, first), (_, second) = here.alternatives[:2]
            assert first - second < 0.1, (here, there)
            break
    else:
        assert run.result.text == local.text
    assert run.result.completion_tokens >= len(run.result.steps) > 3  # usage may count the end token
    assert all(len(step.alternatives) == 5 for step in run.result.steps)
    assert "OpenAI-compatible" in remote.describe()


def test_next_token_view_shows_only_what_the_endpoint_reports(server):
    rows = OpenAIEngine(server).next_token(copy_request(BRIEF, Sampling(temperature=0.7, top_k=10)), top_n=8)
    assert len(rows) == 8
    assert all(r["p_final"] is None and r["status"] == "not reported" for r in rows)
    assert 0 < sum(r["p_raw"] for r in rows) <= 1.0 + 1e-6


def test_the_settings_applied_to_what_the_endpoint_reports_match_its_own_sampling(server):
    """The "Why this word?" view applies the sampling maths to a server's raw probabilities. This server is
    llama.cpp, which can also report its distribution after sampling (outside the OpenAI protocol): the two must
    agree. Top-p is set midway between two steps of the distribution, where the last digits of the arithmetic
    cannot move a token across it."""
    import json

    from core.models.engines.llamacpp import request_body
    from core.concepts.sampling import after_settings

    def own(request) -> dict[str, float]:
        body = {**request_body(replace(request, max_tokens=1, top_n=8), stream=False), "post_sampling_probs": True}
        call = urllib.request.Request(server + "/chat/completions", data=json.dumps(body).encode(),
                                      headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(call, timeout=60) as response:
            first = json.loads(response.read())["choices"][0]["logprobs"]["content"][0]
        return {t["token"]: float(t["prob"]) for t in first["top_probs"]}

    remote = OpenAIEngine(server)
    base = copy_request(BRIEF, Sampling(temperature=0.7, top_k=5, top_p=1.0))
    steps = sorted(own(base).values(), reverse=True)
    cumulative = [sum(steps[:i + 1]) for i in range(len(steps))]
    _, i = max((cumulative[i + 1] - cumulative[i], i) for i in range(len(cumulative) - 1))
    for top_p in (1.0, (cumulative[i] + cumulative[i + 1]) / 2):
        request = copy_request(BRIEF, Sampling(temperature=0.7, top_k=5, top_p=top_p))
        computed = {r["token"]: r["p_final"] for r in after_settings(remote.next_token(request, top_n=8),
                                                                     request.sampling)}
        assert sum(computed.values()) == pytest.approx(1.0, abs=1e-6)
        for token, p in own(request).items():
            assert computed.get(token, 0.0) == pytest.approx(p, abs=5e-3), (top_p, token)


def test_plain_text_continuation_and_tokens(server):
    remote = OpenAIEngine(server)
    result = remote.complete(Request(prompt="The festival opens on Friday with", max_tokens=8,
                                     sampling=Sampling(greedy=True)))
    assert result.text and result.completion_tokens > 0
    assert "".join(p for _, p in remote.tokenize("Harbourline summit")) == "Harbourline summit"


def test_a_wrong_model_name_is_named_with_the_choices(server):
    with pytest.raises(EngineError, match=f"no model named 'gpt-9'.*{MODEL}"):
        OpenAIEngine(server, model="gpt-9")


def test_a_server_that_is_down_gets_a_clear_message():
    url = f"http://127.0.0.1:{_free_port()}/v1"  # nothing listens here
    with pytest.raises(EngineError, match="Could not reach the decoder server"):
        OpenAIEngine(url, retries=0)


def test_a_timeout_gets_a_clear_message(server):
    remote = OpenAIEngine(server, timeout=0.3, retries=0)
    slow = Request(messages=(("user", "Summarise: " + "registration desk " * 1500),), max_tokens=8)  # long prefill
    with pytest.raises(EngineError, match="did not answer within 0.3 s"):
        remote.complete(slow)


def test_a_bad_key_is_refused_with_a_clear_message():
    process, url = start_server("--api-key", "right-key")
    try:
        with pytest.raises(EngineError, match="refused the API key"):
            OpenAIEngine(url, api_key="wrong-key")
        assert OpenAIEngine(url, api_key="right-key").complete(
            copy_request(BRIEF, Sampling(greedy=True), 4)).completion_tokens > 0
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_server_that_goes_away_mid_stream_gives_a_clear_message():
    process, url = start_server()
    remote = OpenAIEngine(url, retries=0)
    run = remote.stream(copy_request(BRIEF, Sampling(temperature=1.0), 400))
    with pytest.raises(EngineError, match="broke off|Could not reach"):
        for i, _ in enumerate(run):
            if i == 2:
                process.kill()
                process.wait(timeout=20)
    assert run.result.text.startswith(("Join Amara Okafor", "Amara Okafor"))  # what arrived before is kept


def test_decoder_url_setting_routes_the_app_through_the_server(server, monkeypatch):
    from core.models.cache import ModelCache
    from core.models.status import model_status

    monkeypatch.setenv("EVENTS_LLM_DECODER_URL", server)
    cache = ModelCache()
    engine = cache.get("decoder")
    assert isinstance(engine, OpenAIEngine)
    [record] = cache.records()
    assert record.engine == f"OpenAI-compatible {server} ({MODEL})" and record.source == f"server {server}"
    row = next(r for r in model_status() if r["model"] == "decoder")
    assert row["engine"].startswith("OpenAI-compatible")


def test_an_unreachable_decoder_url_is_a_readable_load_error(monkeypatch):
    from core.models.cache import ModelCache, ModelUnavailableError

    monkeypatch.setenv("EVENTS_LLM_DECODER_URL", f"http://127.0.0.1:{_free_port()}/v1")
    with pytest.raises(ModelUnavailableError, match="Could not reach the decoder server"):
        ModelCache().get("decoder")
