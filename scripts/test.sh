#!/usr/bin/env bash
# Run the whole test suite: creates .venv, installs requirements, runs pytest.
# Tests read the nationwide files from ../shared (set DXDASH_SHARED to use another folder).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
exec python -m pytest "$@"
