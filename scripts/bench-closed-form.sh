#!/usr/bin/env bash
# The training-free closed-form model against the fast UNet, side by side on one photo: the
# targets of docs/closed-form.md. Prints one JSON line per case: sampling seconds and the canvas
# and the samples drawn again by the copy guard (from the --json summary of 'sindiff sample', read with jq), wall seconds (JVM start included)
# and peak RSS (GNU time).
#   eight-128:      8 samples of the image at --max-size 128 (the fast UNet's training size)
#   unet-eight-128: 8 samples of the shipped fast UNet of the same photo (MODEL), its default sampling
#   one-256:        1 sample at the default --max-size 256
#   panorama:       1 sample of 256x4096 (HxW) at --max-size 256
# usage: scripts/bench-closed-form.sh [IMAGE=samples/bythewater.jpg]
#   env: MODEL (default models/bythewater), OUT (default a temporary folder), CASES (default all four)
# Needs /usr/bin/time (GNU). Run it alone: a second heavy job on 2 cores slows both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
require_tool jq
image="${1:-samples/bythewater.jpg}"
model="${MODEL:-models/bythewater}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"

run() { # name, then the 'sample' arguments
  local name="$1"; shift
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$out/$name.rss" "$sindiff" sample "$@" --out "$out/$name" --force --json \
    > "$out/$name.json" 2> "$out/$name.log"
  end=$(date +%s%N)
  jq -c --arg name "$name" --argjson wall "$(printf %.3f "$(echo "($end - $start) / 1000000000" | bc -l)")" \
    --argjson rss_kb "$(tail -1 "$out/$name.rss")" '
    {case: $name, canvas: "\(.stages[-1].height)x\(.stages[-1].width)", sampling_seconds: .seconds,
     redrawn: .redrawn, wall_seconds: ($wall * 10 | round / 10), peak_rss_mb: ($rss_kb / 1024 | floor)}' "$out/$name.json"
}

for c in ${CASES:-eight-128 unet-eight-128 one-256 panorama}; do
  case "$c" in
    eight-128) run "$c" "$image" --max-size 128 --count 8 --batch 8 ;;
    unet-eight-128) run "$c" "$model" --count 8 --batch 8 ;;
    one-256) run "$c" "$image" --count 1 ;;
    panorama) run "$c" "$image" --size 256x4096 --count 1 ;;
    *) echo "unknown case $c (eight-128, unet-eight-128, one-256 or panorama)" >&2; exit 2 ;;
  esac
done
