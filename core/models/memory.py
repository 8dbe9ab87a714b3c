"""Process memory readings, so the dashboard can show what each model costs against the Cloud limit."""
from __future__ import annotations

import ctypes
import gc

import psutil

STREAMLIT_CLOUD_LIMIT_MB = 2.7 * 1024


def rss_mb() -> float:
    """Resident memory of this process in MiB."""
    return psutil.Process().memory_info().rss / 2**20


M_ARENA_MAX = -8  # mallopt parameter number, from glibc's malloc.h


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Cap glibc's malloc arenas for this process; True if it took effect.

    Streamlit runs every script run in a new thread, and glibc gives threads their own arenas (up to 8 per
    core). Freed memory stays scattered over all of them, so the server's resident memory creeps up with use:
    in a run before malloc_trim was added, visiting every page ended at 1,210 MB with the default and
    1,065 MB with 2 arenas from the start. Arenas already created stay; later threads share the capped set.
    With the trim after every run as well, the difference is within noise (bench/memory.py).
    """
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to cap
        return False


def trim_free_memory() -> None:
    """Hand pages that malloc holds free back to the OS (glibc keeps them otherwise, in every arena).

    Cheap (~14 ms after heavy work, ~0.1 ms when there is nothing to give back), so the app calls it at the
    end of every script run."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass


def release_freed_memory() -> None:
    """Collect garbage, then trim: the figure after a model load then shows what the model keeps, not the
    peak of building it. The collection takes ~0.4 s with all models loaded, so only after loads."""
    gc.collect()
    trim_free_memory()


def own_unshared_tensors(module, loaded: list) -> int:
    """Copy into this process's memory every tensor of `module` that is not shared with a `loaded` module;
    return how many were copied.

    transformers maps a safetensors file and points the weights into it. The sentiment classifier maps the
    embedder's file a second time; after `share_identical_tensors` its embedding tables come from the
    embedder, yet the pages read to compare them stay resident in its own mapping and count twice in
    resident memory. Copying the rest (its ~41 MB of merged layers) lets that mapping go: the classifier
    keeps 99 MB instead of 145, for a moment during its load 35 MB more than before (bench/memory.py: the
    server's peak 1,086-1,123 MB against 1,139-1,154 before, side by side in one session).
    """
    import torch  # heavy: the sidebar imports this module on every page, torch only after a model load

    theirs = {t.data_ptr() for other in loaded if isinstance(other, torch.nn.Module)
              for t in list(other.parameters()) + list(other.buffers())}
    copied = 0
    for tensor in list(module.parameters()) + list(module.buffers()):
        if tensor.data_ptr() not in theirs:
            tensor.data = tensor.data.clone()
            copied += 1
    return copied


def tensor_footprint(module) -> tuple[int, float]:
    """(parameter count, MiB) of a torch module, counting int8-packed Linear weights too, which
    `module.parameters()` does not list after dynamic quantisation.

    Example: a 10x10 fp32 Linear with bias -> (110, 0.00042)
    """
    import torch  # heavy: the sidebar imports this module on every page, torch only after a model load

    if not hasattr(module, "state_dict"):
        return 0, 0.0
    count = nbytes = 0
    seen = set()
    for value in module.state_dict().values():
        tensors = value if isinstance(value, tuple) else (value,)
        for t in tensors:
            if isinstance(t, torch.Tensor) and t.data_ptr() not in seen:
                seen.add(t.data_ptr())  # tied weights (embeddings = output head) count once
                count += t.numel()
                nbytes += t.numel() * t.element_size()
    return count, nbytes / 2**20


def share_identical_tensors(module, loaded: list, min_elements: int = 1 << 16) -> float:
    """Point `module`'s parameters at equal ones already held by `loaded` modules; return the MiB saved.

    The sentiment classifier is MiniLM with a LoRA update merged into its attention and dense layers, but its
    embedding tables are untouched, so they equal the embedder's bit for bit: sharing them saves 45 MB. Only
    the new module changes, before any caller sees it; loaded models are only read. Both are used for
    inference only, so a shared tensor is never written. Small tensors are skipped: not worth comparing.

    Example: share_identical_tensors(classifier.model, [embedder]) -> 45.6
    """
    import torch  # heavy: the sidebar imports this module on every page, torch only after a model load

    candidates: dict[tuple, list] = {}
    for other in loaded:
        if isinstance(other, torch.nn.Module):
            for param in other.parameters():
                if param.numel() >= min_elements:
                    candidates.setdefault((tuple(param.shape), param.dtype), []).append(param)
    if not candidates:
        return 0.0
    names_of: dict[int, list[str]] = {}  # tied weights appear under several names: move all of them
    params: dict[int, torch.nn.Parameter] = {}
    for name, param in module.named_parameters(remove_duplicate=False):
        names_of.setdefault(id(param), []).append(name)
        params[id(param)] = param
    saved = 0
    for key, param in params.items():
        if param.numel() < min_elements:
            continue
        match = next((c for c in candidates.get((tuple(param.shape), param.dtype), [])
                      if c.data_ptr() != param.data_ptr() and torch.equal(c, param)), None)
        if match is None:
            continue
        for name in names_of[key]:
            owner_name, _, attr = name.rpartition(".")
            setattr(module.get_submodule(owner_name), attr, match)
        saved += param.numel() * param.element_size()
    return saved / 2**20
