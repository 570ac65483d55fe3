#!/usr/bin/env bash
# Canvas-size benchmark of 'sindiff sample' on the shipped model: for each size, one image with
# the default sampler (or STEPS steps), default tiling (automatic under --max-memory 4g), and the
# peak resident memory of the whole process from /usr/bin/time -v. Prints one JSON line per size,
# made with jq from the sample's --json summary (its sampling seconds and tile side).
# usage: scripts/bench-canvas.sh [HxW[:STEPS]]...   (default: the table of docs/performance.md)
#   env: MODEL (default models/hubble), EXTRA (more sample options, e.g. "--tile 128")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
require_tool jq
model="${MODEL:-models/hubble}"
sizes=("$@")
if (( ${#sizes[@]} == 0 )); then
  sizes=(256x512 256x1024 256x2048 256x4096 1024x1024:4 4096x4096:2)
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for spec in "${sizes[@]}"; do
  size="${spec%%:*}"
  steps=20
  [[ "$spec" == *:* ]] && steps="${spec##*:}"
  # sindiff's --json summary on stdout; /usr/bin/time's report (and the progress bar) on stderr
  /usr/bin/time -v "$sindiff" sample "$model" --size "$size" --count 1 --batch 1 --steps "$steps" \
      --out "$out/img" --force --json ${EXTRA:-} >"$out/summary.json" 2>"$out/log"
  rss_kb=$(awk -F: '/Maximum resident set size/ {print $2 + 0}' "$out/log")
  jq -c --arg size "$size" --argjson steps "$steps" --argjson rss_kb "$rss_kb" '
    (.files[0].height * .files[0].width / 1e6) as $mp
    | {size: $size, megapixels: ($mp * 1000 | round / 1000), steps: $steps, tile: .tile,
       sampling_seconds: .seconds, seconds_per_megapixel_step: (.seconds / $mp / $steps * 1000 | round / 1000),
       peak_rss_gb: ($rss_kb / 1e6 * 100 | round / 100)}' "$out/summary.json"
done
