#!/usr/bin/env bash
# The sampler table of docs/quality.md: patch SWD, diversity and time per sample for DDPM-1000 (the
# reference) and the few-step samplers at several step counts, on one trained run.
# Writes sampler-quality.csv, sampler-quality.json and sampler-quality.png into OUT.
# usage: scripts/sampler-table.sh [RUN_DIR] [COUNT] [OUT]
#   env: STEPS (comma list, default 5,10,15,20,25,50), SAMPLERS (default ddim,dpm++2m,heun)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${1:-$root/models/hubble}"; count="${2:-8}"; out="${3:-$run}"
mkdir -p "$out"
rm -f "$out/sampler-quality.csv.tmp" # eval --csv appends: start a fresh table
"$root/scripts/sindiff" eval "$run" --sweep --samplers "${SAMPLERS:-ddim,dpm++2m,heun}" \
  --steps "${STEPS:-5,10,15,20,25,50}" --count "$count" \
  --chart "$out/sampler-quality.png" --csv "$out/sampler-quality.csv.tmp" --json > "$out/sampler-quality.json.tmp"
mv "$out/sampler-quality.json.tmp" "$out/sampler-quality.json"
mv "$out/sampler-quality.csv.tmp" "$out/sampler-quality.csv"
column -s, -t < "$out/sampler-quality.csv"
