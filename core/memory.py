"""Process memory readings, so the dashboard can show what each model costs against the Cloud limit."""
from __future__ import annotations

import psutil

STREAMLIT_CLOUD_LIMIT_MB = 2.7 * 1024


def rss_mb() -> float:
    """Resident memory of this process in MiB."""
    return psutil.Process().memory_info().rss / 2**20


def release_freed_memory() -> None:
    """Hand memory that Python and torch have freed back to the OS (glibc keeps it otherwise), so the
    figure after a model load shows what the model keeps, not the peak of building it."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass


def tensor_footprint(module) -> tuple[int, float]:
    """(parameter count, MiB) of a torch module, counting int8-packed Linear weights too, which
    `module.parameters()` does not list after dynamic quantisation.

    Example: a 10x10 fp32 Linear with bias -> (110, 0.00042)
    """
    import torch

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
