#!/usr/bin/env bash
# The whole test suite (creates .venv first when it is missing). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
