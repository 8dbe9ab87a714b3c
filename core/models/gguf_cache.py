"""A GGUF decoder de-quantised once per machine, then loaded from a safetensors copy.

transformers de-quantises a GGUF file tensor by tensor in numpy, which takes ~25 s for SmolLM2 on two cores
and needs an fp32 copy of each tensor on the way. The result does not change between runs, so the first
load saves it (model + tokenizer, in the dtype the app uses) under `~/.cache/events-llm/gguf/` and later loads
read that copy: ~1 s, and no de-quantisation peak. The copy is keyed by the GGUF file's name, size and
modification time, so a new package version converts again. `EVENTS_LLM_CACHE_DIR` moves the cache; where
it cannot be written (a read-only home), the app loads from the GGUF every time, as before.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from core.config import setting

COMPLETE = "conversion-complete"  # written last: a folder without it is an interrupted conversion


def cache_root() -> Path:
    return Path(setting("cache_dir") or Path.home() / ".cache" / "events-llm") / "gguf"


def converted_dir(gguf_path: Path, dtype_name: str) -> Path:
    """Example: a 98,362,432-byte SmolLM2-135M-Instruct.Q4_1.gguf, in bf16 ->
    <cache>/SmolLM2-135M-Instruct.Q4_1-98362432-<mtime>-bfloat16"""
    stat = gguf_path.stat()
    return cache_root() / f"{gguf_path.stem}-{stat.st_size}-{int(stat.st_mtime)}-{dtype_name}"


def dequantise(location: str, gguf_file: str, dtype: Any) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer  # heavy: only the Attention page's load

    tokenizer = AutoTokenizer.from_pretrained(location, gguf_file=gguf_file)
    model = AutoModelForCausalLM.from_pretrained(location, gguf_file=gguf_file, dtype=dtype)
    quantizer = getattr(model, "hf_quantizer", None)
    if quantizer is not None:
        # The weights are plain tensors by now; the GGUF quantizer left attached only refuses save_pretrained.
        quantizer.remove_quantization_config(model)
    return model, tokenizer


def read_converted(folder: Path, dtype: Any) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer  # heavy: only the Attention page's load

    return AutoModelForCausalLM.from_pretrained(folder, dtype=dtype), AutoTokenizer.from_pretrained(folder)


def save_converted(model: Any, tokenizer: Any, target: Path) -> bool:
    """Write into a scratch folder beside the target, then rename: a crash or a second server converting at the
    same moment never leaves a half-written copy where a load would read it. False if it could not be saved."""
    scratch = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=".partial-"))
        model.save_pretrained(scratch)
        tokenizer.save_pretrained(scratch)
        (scratch / COMPLETE).write_text("de-quantised from GGUF by core.models.gguf_cache\n")
        os.replace(scratch, target)
        return True
    except OSError:  # read-only or full disk, or another process renamed its copy into place first
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        return target.joinpath(COMPLETE).is_file()


def load(location: str, gguf_file: str, dtype: Any,
         convert: Callable[[str, str, Any], tuple[Any, Any]] = dequantise) -> tuple[Any, Any, bool]:
    """(model, tokenizer, read from the converted copy?) for a GGUF file in a local folder."""
    gguf_path = Path(location) / gguf_file
    target = converted_dir(gguf_path, str(dtype).removeprefix("torch."))
    if target.joinpath(COMPLETE).is_file():
        try:
            model, tokenizer = read_converted(target, dtype)
            return model, tokenizer, True
        except Exception:  # a damaged copy is thrown away and rebuilt, never shown to the user
            shutil.rmtree(target, ignore_errors=True)
    model, tokenizer = convert(location, gguf_file, dtype)
    save_converted(model, tokenizer, target)
    return model, tokenizer, False
