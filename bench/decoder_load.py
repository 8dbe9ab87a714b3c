"""Loading the decoder: seconds and peak resident memory, each way in a fresh process.

- GGUF, fp32 then bf16: transformers de-quantises to fp32 and the model is cast afterwards (the old path);
- GGUF, bf16 up front: each tensor is cast as it is de-quantised (what a first load does now);
- converted copy: the bf16 safetensors copy that the first load leaves in the cache (every later load).

    .venv/bin/python bench/decoder_load.py

The bf16-up-front row includes writing the copy, so the baseline of the last line is the old path.
Last line: decoder_load_speedup_vs_gguf: <seconds of GGUF fp32-then-bf16> / <seconds of the converted-copy load>.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from common import ROOT, machine

PROBE = """
import sys, time
from pathlib import Path
import torch
from core.models import gguf_cache
from core.models.registry import get_spec, resolve

def peak_mb():
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
    return int(line.split()[1]) / 1024

source, way = resolve(get_spec("decoder")), sys.argv[1]
before, start = peak_mb(), time.perf_counter()
if way == "gguf-fp32-then-bf16":
    model, _ = gguf_cache.dequantise(source.location, source.gguf_file, torch.float32)
    model = model.to(torch.bfloat16)
else:
    model, _, cached = gguf_cache.load(source.location, source.gguf_file, torch.bfloat16)
    assert cached == (way == "converted-copy"), (way, cached)
print(time.perf_counter() - start, before, peak_mb())
"""


def run(way: str, cache: str) -> tuple[float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EVENTS_LLM_CACHE_DIR": cache, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", PROBE, way], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    seconds, before, peak = map(float, out.stdout.split()[-3:])
    return seconds, before, peak


def main() -> None:
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as cache:  # an empty cache: the bf16 GGUF load converts into it
        print(f"{'decoder load (fresh process)':30} {'seconds':>8} {'peak MB':>8} {'added by load':>13}")
        results = {}
        for way in ("gguf-fp32-then-bf16", "gguf-bf16-up-front", "converted-copy"):
            seconds, before, peak = results[way] = run(way, cache)
            print(f"{way:30} {seconds:8.1f} {peak:8.0f} {peak - before:13.0f}")
    print(f"decoder_load_speedup_vs_gguf: {results['gguf-fp32-then-bf16'][0] / results['converted-copy'][0]:.1f}x")


if __name__ == "__main__":
    main()
