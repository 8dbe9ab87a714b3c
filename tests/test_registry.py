from pathlib import Path

import pytest

from core.models import registry
from core.models.registry import REGISTRY, UnknownModelError, get_spec, resolve


def test_unknown_name_lists_valid_names():
    with pytest.raises(UnknownModelError) as info:
        get_spec("gpt-17")
    message = str(info.value)
    assert "gpt-17" in message
    for name in REGISTRY:
        assert name in message
    assert isinstance(info.value, KeyError)


def test_specs_are_frozen_and_hashable():
    spec = get_spec("decoder")
    with pytest.raises(AttributeError):
        spec.hub_id = "other/model"
    assert {spec: 1}[get_spec("decoder")] == 1


def test_offline_defaults_come_from_installed_packages():
    decoder = resolve(get_spec("decoder"))
    assert decoder.kind == "package"
    assert (Path(decoder.location) / decoder.gguf_file).is_file()
    embedder = resolve(get_spec("embedder"))
    assert embedder.kind == "package"
    assert (Path(embedder.location) / "model.safetensors").is_file()


def test_without_package_falls_back_to_hub_files(monkeypatch):
    monkeypatch.setattr(registry, "_package_dir", lambda package: None)
    source = resolve(get_spec("decoder"))  # llama.cpp reads GGUF: a GGUF file in a Hub repository
    assert (source.kind, source.location) == ("hub", "bartowski/SmolLM2-135M-Instruct-GGUF")
    assert source.gguf_file == "SmolLM2-135M-Instruct-Q4_K_M.gguf"
    monkeypatch.setenv("EVENTS_LLM_DECODER_REVISION", "abc123")
    assert resolve(get_spec("decoder")).revision == "abc123"
    torch_source = resolve(get_spec("decoder_torch"))  # PyTorch reads the original safetensors
    assert (torch_source.kind, torch_source.location, torch_source.gguf_file) == (
        "hub", "HuggingFaceTB/SmolLM2-135M-Instruct", None)


def test_decoder_url_sends_generation_to_a_server(monkeypatch):
    monkeypatch.setenv("EVENTS_LLM_DECODER_URL", "http://gpu-box:8000/v1")
    source = resolve(get_spec("decoder"))
    assert (source.kind, source.location) == ("url", "http://gpu-box:8000/v1")
    assert source.describe() == "server http://gpu-box:8000/v1"
    assert resolve(get_spec("decoder_torch")).kind == "package"  # the attention page still reads weights


def test_env_override_with_existing_directory_is_local(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTS_LLM_EMBEDDER", str(tmp_path))
    source = resolve(get_spec("embedder"))
    assert (source.kind, source.location) == ("local", str(tmp_path))


def test_env_override_with_gguf_file_path(monkeypatch, tmp_path):
    gguf = tmp_path / "custom.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setenv("EVENTS_LLM_DECODER", str(gguf))
    source = resolve(get_spec("decoder"))
    assert (source.kind, source.location, source.gguf_file) == ("local", str(tmp_path), "custom.gguf")


def test_env_override_that_is_not_a_path_is_a_hub_id(monkeypatch):
    monkeypatch.setenv("EVENTS_LLM_DECODER", "someone/their-model")
    source = resolve(get_spec("decoder"))
    assert (source.kind, source.location) == ("hub", "someone/their-model")
    assert source.describe() == "Hub id someone/their-model"
    monkeypatch.setenv("EVENTS_LLM_DECODER", "someone/their-model-GGUF/model-q4.gguf")
    source = resolve(get_spec("decoder"))
    assert (source.location, source.gguf_file) == ("someone/their-model-GGUF", "model-q4.gguf")


def test_secrets_file_configures_a_model(monkeypatch, tmp_path):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('EVENTS_LLM_EMBEDDER = "org/from-secrets"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("core.config.PROJECT_ROOT", tmp_path)
    assert resolve(get_spec("embedder")).location == "org/from-secrets"
    monkeypatch.setenv("EVENTS_LLM_EMBEDDER", "org/from-env")  # the environment wins over the file
    assert resolve(get_spec("embedder")).location == "org/from-env"


def test_broken_secrets_file_is_ignored(monkeypatch, tmp_path):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("this is = = not toml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("core.config.PROJECT_ROOT", tmp_path)
    assert resolve(get_spec("embedder")).kind == "package"
