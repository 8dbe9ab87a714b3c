#!/usr/bin/env bash
# Install what is missing, then serve the dashboard on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m streamlit run dashboard/app.py --server.port "${PORT:-8501}" "$@"
