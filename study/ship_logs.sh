#!/usr/bin/env bash
# Copy the finished runs' config.json, log.jsonl and scores (val.json, test.json, sweep.json,
# occupancy.json) from SRC to DST, where they are committed; weights stay behind. A run is finished
# when its val.json exists.
# With PLAN, only that plan's runs (NAME-sSEED): a run root can hold the runs of several plans.
# Usage: study/ship_logs.sh SRC DST [PLAN]
#        (e.g. runs/study study/ablations study/plans/ablations.txt), from the repository root.
# Then rebuilds study/study.csv from all of them.
set -euo pipefail
src=$1; dst=$2; plan=${3:-}
if [ -n "$plan" ]; then
  # the plan's run folders, named as run_plan.sh names them (parsed by the study's own reader)
  names=$(python -c \
  "from slotmix_nb.study import plan_progress as p; print(*(r['run'] for r in p('$plan', '$src')))")
else
  names=$(find "$src" -mindepth 1 -maxdepth 1 -type d -printf '%f\n')
fi
for name in $names; do
  run="$src/$name"
  [ -f "$run/val.json" ] || continue
  mkdir -p "$dst/$name"
  for f in config.json log.jsonl val.json test.json sweep.json occupancy.json; do
    if [ -f "$run/$f" ]; then cp "$run/$f" "$dst/$name/"; fi
  done
done
ls "$dst" 2>/dev/null || true
# the study's one table, rebuilt from every shipped run under study/
python -c "from slotmix_nb.study import study_rows, write_study_csv as w
w(study_rows('study'), 'study/study.csv')"
