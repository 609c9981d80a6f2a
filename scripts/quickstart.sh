#!/usr/bin/env bash
# The main job on the embedded default: set up, load the bundled sample pages and crawl the bundled
# sample e-paper (served on 127.0.0.1) into SQLite with the real spider, then serve the API.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export UNIONKB_DB=${UNIONKB_DB:-./data/unionkb.sqlite}
.venv/bin/unionkb ingest unionkb/samples/pages --paper lngr
exec .venv/bin/unionkb demo --port "${UNIONKB_PORT:-8000}"
