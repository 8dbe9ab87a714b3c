"""The LLM primer's ideas as small, checked functions, computed on event material by the concept pages:
`attention` (real attention weights), `sampling` (temperature, top-k, top-p), `tokens` (tokenizers and context
windows), `scaling` (Chinchilla and inference memory), `toy_generative` (the box model and its errors).
"""
