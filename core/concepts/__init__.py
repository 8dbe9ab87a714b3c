"""The ideas the "How LLMs work" pages teach, as small, checked functions computed on event material:
`attention` (real attention weights), `sampling` (temperature, top-k, top-p), `tokens` (tokenizers and context
windows), `scaling` (Chinchilla and inference memory), `toy_generative` (the box model and its errors).

    chinchilla_tokens(135e6)   # -> 2.7e9 tokens: compute-optimal training for a 135M model
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "attention": "Attention decoder_attention encoder_attention looks_at",
    "sampling": "after_settings keep_mask probabilities tempered",
    "scaling": ("BYTES_PER_PARAMETER EXAMPLES Architecture chinchilla_tokens kv_cache_bytes training_flops "
                "undertrained_factor weights_bytes"),
    "tokens": "WELL_KNOWN_WINDOWS Token count:count_tokens count_with_engine fits tokenize tokenize_with_engine",
    "toy_generative": "REGION boundary box_model error_rate inside mixture_model true_sample two_classes",
})
