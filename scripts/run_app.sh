#!/usr/bin/env bash
# Install what is missing, then serve the dashboard on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Streamlit runs each rerun in a new thread; capping glibc's malloc arenas from the start keeps freed memory
# from piling up in one arena per thread (the app can only cap arenas created after it starts; see
# core.memory.limit_malloc_arenas).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec .venv/bin/python -m streamlit run dashboard/app.py --server.port "${PORT:-8501}" "$@"
