"""The decoder's GGUF is de-quantised once per machine and then read from a safetensors copy."""
from __future__ import annotations

import pytest
import torch
from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

from core.models import gguf_cache
from core.models.registry import get_spec, resolve

PROMPT = "In this talk, Amara Okafor shows how festival organisers"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_LLM_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def fake_gguf(tmp_path):
    """A folder holding a file named like a GGUF, and a converter that builds a tiny model instead of
    de-quantising it, counting its calls."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "tiny.gguf").write_bytes(b"GGUF stand-in")
    calls = []
    tokenizer = AutoTokenizer.from_pretrained(resolve(get_spec("embedder")).location)

    def convert(location, gguf_file, dtype):
        calls.append(gguf_file)
        torch.manual_seed(0)
        model = LlamaForCausalLM(LlamaConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64,
                                             num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2))
        return model.to(dtype), tokenizer

    return str(tmp_path / "pkg"), convert, calls


def logits(model, tokenizer):
    with torch.inference_mode():
        return model(**tokenizer(PROMPT, return_tensors="pt")).logits


def test_first_load_converts_and_later_loads_read_the_copy(cache_dir, fake_gguf):
    location, convert, calls = fake_gguf
    first, tokenizer, cached = gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
    assert not cached and calls == ["tiny.gguf"]
    again, tokenizer_again, cached = gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
    assert cached and calls == ["tiny.gguf"]  # not converted a second time
    assert next(again.parameters()).dtype == torch.bfloat16
    reloaded = again.state_dict()
    assert all(torch.equal(value, reloaded[name]) for name, value in first.state_dict().items())
    assert tokenizer_again(PROMPT)["input_ids"] == tokenizer(PROMPT)["input_ids"]
    [folder] = list((cache_dir / "gguf").iterdir())
    assert folder.name.startswith("tiny-13-") and folder.name.endswith("-bfloat16")


def test_a_new_file_or_another_dtype_converts_again(cache_dir, fake_gguf):
    location, convert, calls = fake_gguf
    gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
    gguf_cache.load(location, "tiny.gguf", torch.float32, convert)
    (cache_dir.parent / "pkg" / "tiny.gguf").write_bytes(b"GGUF stand-in, version 2")
    gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
    assert len(calls) == 3


def test_a_damaged_copy_is_rebuilt(cache_dir, fake_gguf):
    location, convert, calls = fake_gguf
    gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
    [folder] = list((cache_dir / "gguf").iterdir())
    (folder / "model.safetensors").write_bytes(b"truncated")
    model, _, cached = gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
    assert not cached and len(calls) == 2 and model is not None
    assert gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)[2]  # rebuilt copy is used again


def test_an_interrupted_conversion_is_never_read(cache_dir, fake_gguf):
    location, convert, calls = fake_gguf
    target = gguf_cache.converted_dir(cache_dir.parent / "pkg" / "tiny.gguf", "bfloat16")
    target.mkdir(parents=True)  # files half written, no completion marker
    (target / "config.json").write_text("{")
    _, _, cached = gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
    assert not cached and calls == ["tiny.gguf"]


def test_an_unwritable_cache_still_loads(tmp_path, monkeypatch, fake_gguf):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("EVENTS_LLM_CACHE_DIR", str(blocker))
    location, convert, calls = fake_gguf
    for _ in range(2):
        model, _, cached = gguf_cache.load(location, "tiny.gguf", torch.bfloat16, convert)
        assert model is not None and not cached
    assert len(calls) == 2


def test_real_decoder_read_from_its_copy_matches_the_gguf(cache_dir):
    source = resolve(get_spec("decoder_torch"))
    direct, tokenizer, cached = gguf_cache.load(source.location, source.gguf_file, torch.bfloat16)
    assert not cached
    copy, copy_tokenizer, cached = gguf_cache.load(source.location, source.gguf_file, torch.bfloat16)
    assert cached
    chat = [{"role": "user", "content": "Write a teaser for a talk on festival logistics."}]
    assert (copy_tokenizer.apply_chat_template(chat, add_generation_prompt=True)
            == tokenizer.apply_chat_template(chat, add_generation_prompt=True))
    assert copy_tokenizer(PROMPT)["input_ids"] == tokenizer(PROMPT)["input_ids"]
    assert torch.equal(logits(copy, copy_tokenizer), logits(direct, tokenizer))
    assert copy.lm_head.weight.data_ptr() == copy.model.embed_tokens.weight.data_ptr()  # still tied: one copy
