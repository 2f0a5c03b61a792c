#!/usr/bin/env bash
# Train every run of a plan, JOBS at a time, one thread each; resumable: run it again and every
# unfinished run continues from its last checkpoint. A finished run is scored on the validation
# stream (evaluation seed 1000) into val.json and on the test stream (evaluation seed 0) into
# test.json, 1,000 scenes each; a set-prediction run is also scored on the validation stream at
# iteration counts 1-7 into sweep.json, and an object-discovery run on which slots hold objects into
# occupancy.json.
# Plan lines: NAME TASK SEED [--field value ...]
#   (blank lines and lines starting with # are skipped)
# Usage: study/run_plan.sh PLAN ROOT [JOBS=2] [SHIPPED]
#        e.g. study/run_plan.sh study/plans/ablations.txt runs/study 2 study/ablations
# With SHIPPED (e.g. study/headline), a run whose scores are already shipped there is skipped:
# ROOT need not hold it.
# Progress: python -c "from slotmix_nb.study import plan_progress as p;
#                      from slotmix_nb.runs import Table;
#                      print(Table(p('study/plans/headline.txt', 'runs/study')))"
set -uo pipefail
plan=$1; root=$2; jobs=${3:-2}; shipped=${4:-}
mkdir -p "$root"
one() {
  local name=$1 task=$2 seed=$3; shift 3
  local dir="$root/$name-s$seed"
  [ -f "$dir/test.json" ] && return
  [ -n "$shipped" ] && [ -f "$shipped/$name-s$seed/test.json" ] && return
  if [ -f "$dir/config.json" ]; then slotmix train --resume "$dir" >>"$dir.out" 2>&1
  else slotmix train "$task" --seed "$seed" "$@" --out "$dir" >"$dir.out" 2>&1; fi || return
  slotmix eval "$dir" --seed 1000 --n 1000 >"$dir/val.json.tmp" &&
    mv "$dir/val.json.tmp" "$dir/val.json" &&
  slotmix eval "$dir" --seed 0 --n 1000 >"$dir/test.json.tmp" &&
    mv "$dir/test.json.tmp" "$dir/test.json" &&
  case $task in
    set-prediction) python -c "from slotmix_nb.study import write_sweep; write_sweep('$dir')" ;;
    object-discovery) python -c \
      "from slotmix_nb.study import write_occupancy; write_occupancy('$dir')" ;;
  esac
}
# the loop runs in a pipeline's subshell: its runs are that subshell's jobs,
# so it waits for them itself
grep -v '^\s*\(#\|$\)' "$plan" | {
  while read -r line; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 5; done
    # shellcheck disable=SC2086
    OMP_NUM_THREADS=1 one $line &
  done
  wait
}
