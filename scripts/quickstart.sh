#!/usr/bin/env bash
# The main job on the embedded default: set up, load the bundled sample pages into SQLite, serve the API.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export UNIONKB_DB=${UNIONKB_DB:-./data/unionkb.sqlite}
.venv/bin/unionkb ingest unionkb/samples/pages --paper lngr
exec .venv/bin/unionkb serve --host "${UNIONKB_HOST:-127.0.0.1}" --port "${UNIONKB_PORT:-8000}"
