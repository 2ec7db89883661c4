#!/usr/bin/env sh
# The server's start command, shared by the container (Dockerfile CMD) and its test.
# SAHELWATCH_DATA: the corpus folder (may be read-only); SAHELWATCH_STORE: a writable cache.
set -eu
: "${PORT:=8501}"
: "${SAHELWATCH_DATA:=data}"
: "${SAHELWATCH_STORE:=${TMPDIR:-/tmp}/sahelwatch-store}"
export SAHELWATCH_DATA SAHELWATCH_STORE
exec "${STREAMLIT:-streamlit}" run app.py \
  --server.port "$PORT" \
  --server.address "${ADDRESS:-0.0.0.0}" \
  --server.headless true \
  --browser.gatherUsageStats false
