"""The model layer: which models exist (`registry`), where their weights come from and loading each once per
process (`cache`, `loaders`), the decoder's engines (`engines/`), sentence embeddings (`embeddings`, batched by
length in `batching`), and what it all costs (`memory`, `threads`, `status`, `model_cards`, `locks`).

Nothing here imports streamlit, and nothing loads at import time.

    from core.models import MODELS, embed, Request
    engine = MODELS.get("decoder")              # loaded on first use, once per process
    vectors = embed(["A pandas tutorial"])      # (1, 384), rows of length 1
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "batching": "length_batches",
    "cache": "ENGINES MODELS LoadRecord ModelUnavailableError",
    "embeddings": "clear_cache:clear_embedding_cache embed token_lengths",
    "engines": "Completion ContextWindowError Engine EngineError Request Sampling Step Stream status_of",
    "loaders": "Classifier",
    "memory": "STREAMLIT_CLOUD_LIMIT_MB limit_malloc_arenas rss_mb trim_free_memory",
    "model_cards": "cards",
    "registry": "REGISTRY ModelSpec UnknownModelError get_spec resolve",
    "status": "model_status process_memory",
    "threads": "usable_cpus",
    "locks": "tokenizer_lock",
    "warm": "warm_up warming",
})
