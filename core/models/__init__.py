"""The model layer: which models exist (registry), where their weights come from, loading each once per
process (cache), the decoder's inference engines, and what it all costs (memory, threads, status).

Nothing here imports streamlit, and nothing loads at import time."""
