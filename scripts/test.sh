#!/usr/bin/env bash
# The whole test suite (creates .venv first when it is missing). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The UI tests drive Debian's chromium (never a downloaded browser); install it when we can, else they skip.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing Debian's chromium for the UI tests" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
    || echo "test: could not install chromium; the UI tests will be skipped" >&2
fi
exec .venv/bin/python -m pytest "$@"
