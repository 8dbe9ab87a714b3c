"""The decoder's engines, behind one interface: llama.cpp inside this process (`llamacpp`) or any
OpenAI-compatible server reached by URL (`openai_server`). A `Request` goes in (`requests`); text pieces stream
out (`streams`), and a `Completion` with every generated token and its top-N alternatives remains.

    engine = MODELS.get("decoder")
    run = engine.stream(Request(messages=(("user", "Write a teaser for Pandas 101"),), max_tokens=40))
    text = "".join(run)                        # pieces arrive as they are generated
    run.result.tokens_per_second
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "base": "Engine status_of",
    "llamacpp": "LlamaCppEngine",
    "openai_server": "OpenAIEngine",
    "requests": "Completion ContextWindowError EngineError Request Sampling Step context_window_error",
    "streams": "Producer SharedPrompt Stream read_chunk",
})
