#!/usr/bin/env bash
# Copy the finished runs' config.json, log.jsonl and scores (val.json, test.json) from SRC to DST, where they
# are committed; weights stay behind. A run is finished when its val.json exists.
# Usage: study/ship_logs.sh SRC DST   (e.g. runs/pilot study/estep_pilot)
set -euo pipefail
src=$1; dst=$2
for run in "$src"/*/; do
  name=$(basename "$run")
  [ -f "$run/val.json" ] || continue
  mkdir -p "$dst/$name"
  for f in config.json log.jsonl val.json test.json; do [ -f "$run/$f" ] && cp "$run/$f" "$dst/$name/"; done
done
ls "$dst"
