#!/usr/bin/env bash
# Quality against training time: trains in segments of EVERY steps and, after each, samples
# COUNT images with the default sampler and evaluates them ('sindiff eval'), appending one row per
# segment to OUT/curve.csv (train_steps, train_seconds, swd_mean, diversity, min_copy_distance...).
# Re-running it resumes the run and goes on from the last evaluated step.
# usage: scripts/quality-curve.sh IMAGE OUT TOTAL_STEPS EVERY [sindiff train options...]
#   e.g. scripts/quality-curve.sh samples/hubble_deep_field.jpg curves/hubble-sindiffusion 3000 250 --preset sindiffusion --max-size 128
#   env: COUNT (default 8), LABEL (default: OUT's folder name)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
image="${1:?usage: scripts/quality-curve.sh IMAGE OUT TOTAL_STEPS EVERY [train options...]}"
out="${2:?OUT folder}"; total="${3:?TOTAL_STEPS}"; every="${4:?EVERY}"; shift 4
count="${COUNT:-8}"; label="${LABEL:-$(basename "$out")}"
run="$out/run"; csv="$out/curve.csv"
mkdir -p "$out"
done_steps=0
if [[ -f "$csv" ]]; then
  done_steps=$(awk -F, 'NR>1 && $5>m {m=$5} END {print m+0}' "$csv")
fi
next=$(( (done_steps / every + 1) * every ))
while (( next <= total )); do
  # --until keeps the run's total, so a learning-rate decay spans the whole run, not one segment
  if [[ -f "$run/checkpoint.bin" ]]; then
    "$sindiff" train --resume "$run" --until "$next" 2>>"$out/train.log" >/dev/null
  else
    "$sindiff" train "$image" --out "$run" --steps "$total" --until "$next" "$@" 2>>"$out/train.log" >/dev/null
  fi
  sample_and_eval "$run" "$out/samples-$next" "$csv" "$label" "$count" 2>/dev/null
  tail -1 "$csv" >&2
  next=$(( next + every ))
done
