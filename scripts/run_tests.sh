#!/usr/bin/env bash
# Install what is missing (including Debian's chromium for the browser tests), then run the test suite.
# Extra arguments go to pytest, e.g. `bash scripts/run_tests.sh -k registry`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
if [ ! -x /usr/bin/chromium ]; then
  echo "» installing chromium for the browser tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
exec .venv/bin/python -m pytest "$@"
