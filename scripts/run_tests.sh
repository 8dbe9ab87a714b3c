#!/usr/bin/env bash
# Install what is missing (including Debian's chromium and postgresql for the tests), then run the test suite.
# Extra arguments go to pytest, e.g. `bash scripts/run_tests.sh -k registry`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
# Debian's chromium for the browser tests, and its postgresql for the store's tests (they start a throwaway
# server of their own; nothing is configured system-wide)
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v npm >/dev/null || missing+=(npm)  # fetches axe-core for the accessibility checks
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)  # the signage's font
if [ ${#missing[@]} -gt 0 ]; then
  echo "» installing ${missing[*]} for the tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# axe-core, from the npm registry, for the browser tests' accessibility checks (kept in .cache/, not committed)
AXE_VERSION=4.14.1
if [ ! -f .cache/npm/node_modules/axe-core/axe.min.js ] || \
   ! grep -q "\"version\": \"$AXE_VERSION\"" .cache/npm/node_modules/axe-core/package.json; then
  echo "» installing axe-core $AXE_VERSION for the tests"
  npm install --silent --no-audit --no-fund --prefix .cache/npm "axe-core@$AXE_VERSION" >/dev/null
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
exec .venv/bin/python -m pytest "$@"
