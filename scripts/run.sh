#!/usr/bin/env bash
# Start the dashboard on the embedded data: creates .venv, installs requirements, builds the store
# if needed (the app also does this on first start), and serves on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
python -m dxdash build
exec python -m streamlit run app.py "$@"
