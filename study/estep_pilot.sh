#!/usr/bin/env bash
# The E-step pilot of chapter 14: set-prediction demo preset (fp32), 6,000 steps, seeds 1 and 2, one
# run per E-step variant. Resumable: run it again and every unfinished run continues from its last
# checkpoint. Each finished run is scored on the validation stream (evaluation seed 1000, 1,000
# scenes) into val.json.
# Usage: study/estep_pilot.sh [JOBS=2] [ROOT=runs/pilot] [STAGE=1]
set -uo pipefail
jobs=${1:-2}; root=${2:-runs/pilot}; stage=${3:-1}
common="--preset demo --mixed-precision no --steps 6000"
legacy="--var-min 1e-6 --var-straight-through linear --norm-state false"
declare -A variant
if [ "$stage" = 1 ]; then
  variant[gauss-sqrtd]="--temperature sqrt_d $legacy"
  variant[gauss-d]="--temperature 64 $legacy"
  variant[gauss-learned]="--temperature learned $legacy"
  variant[sa]="--module sa"
  variant[gauss-1]="--temperature 1 $legacy"
  variant[official]="--density official --learn-pi true $legacy"
  variant[official-uniform-pi]="--density official --learn-pi false $legacy"
  variant[official-no-floor]="--density official --floor 0 --learn-pi true $legacy"
  order="gauss-sqrtd gauss-d gauss-learned sa gauss-1 official"
  order+=" official-uniform-pi official-no-floor"
else   # stage 2: with the temperature chosen in stage 1 (TAU)
  tau=${TAU:?set TAU to the chosen temperature}
  base="--temperature $tau"
  variant[varmin-1e-3]="$base --var-min 1e-3 --var-straight-through linear --norm-state false"
  variant[st-log]="$base --var-min 1e-6 --var-straight-through log --norm-state false"
  variant[st-none]="$base --var-min 1e-6 --var-straight-through none --norm-state false"
  variant[norm-state]="$base --var-min 1e-6 --var-straight-through linear --norm-state true"
  order="varmin-1e-3 st-log st-none norm-state"
fi
one() {   # one run: train (or resume) to the end, then score on the validation stream
  local name=$1 seed=$2 dir="$root/$1-s$2"
  if [ -f "$dir/val.json" ]; then return; fi
  if [ -f "$dir/config.json" ]; then slotmix train --resume "$dir" >"$dir.out" 2>&1
  else slotmix train set-prediction $common --seed "$seed" ${variant[$name]} --out "$dir" \
    >"$dir.out" 2>&1; fi \
    && slotmix eval "$dir" --seed 1000 --n 1000 >"$dir/val.json.tmp" \
    && mv "$dir/val.json.tmp" "$dir/val.json"
}
export -f one; export root common
mkdir -p "$root"
# the loop runs in a pipeline's subshell: its runs are that subshell's jobs,
# so it waits for them itself
for name in $order; do for seed in 1 2; do echo "$name $seed"; done; done | {
  while read -r name seed; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 5; done
    OMP_NUM_THREADS=1 one "$name" "$seed" &
  done
  wait
}
