#!/usr/bin/env bash
# Layout table (docs/layout.md): for each run, COUNT samples per variant with the same seeds,
# evaluated by 'sindiff eval' (patch SWD, layout distance, diversity, copy distance), next to the
# image's own calibration references (shifted, flipped upside down, block-shuffled).
# usage: scripts/layout-table.sh OUT LABEL=RUN_DIR [LABEL=RUN_DIR ...]
#   env: VARIANTS (values of --coarse, or closed-form: the training-free model of the run's own
#        training image, no network; default "none patch"), COUNT (8), SEED (0),
#        SIZE (HxW, default the training size), SAMPLE_ARGS (extra 'sample' options)
# Needs jq. Writes OUT/LABEL-VARIANT/ (samples), OUT/LABEL-VARIANT.json (eval) and prints a Markdown table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$1"; shift
mkdir -p "$out"
count="${COUNT:-8}"; seed="${SEED:-0}"
for pair in "$@"; do
  label="${pair%%=*}"; run="${pair#*=}"
  for v in ${VARIANTS:-none patch}; do
    dir="$out/$label-$v"
    if [[ ! -f "$dir/contact-sheet.png" ]]; then
      start=$(date +%s%N)
      if [[ "$v" == closed-form ]]; then source=("$run/train-image.png" --max-size 65535); else source=("$run" --coarse "$v"); fi
      "$root/scripts/sindiff" sample "${source[@]}" --out "$dir" --count "$count" --seed "$seed" --force \
        ${SIZE:+--size "$SIZE"} ${SAMPLE_ARGS:-} > /dev/null 2> "$dir.log"
      end=$(date +%s%N)
      echo $(( (end - start) / 1000000 )) > "$dir.ms"
    fi
    if [[ ! -f "$dir.json" ]]; then
      "$root/scripts/sindiff" eval "$run" "$dir" --json > "$dir.json.tmp"
      jq --argjson ms "$(cat "$dir.ms")" '. + {wall_seconds: ($ms / 1000)}' "$dir.json.tmp" > "$dir.json"
      rm "$dir.json.tmp"
    fi
  done
done
echo "| image | variant | patch SWD | layout | diversity | min copy | near-copies | wall s |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for pair in "$@"; do
  label="${pair%%=*}"
  for v in ${VARIANTS:-none patch}; do
    jq -r --arg l "$label" --arg v "$v" \
      '"| \($l) | \($v) | \(.swd_mean*1000|round/1000) | \(.layout*10000|round/10000) | \(if .diversity == null then "n/a" else (.diversity*100|round/100) end) | \(.min_copy_distance*100|round/100) | \(.near_copies) | \(.wall_seconds|round) |"' \
      "$out/$label-$v.json"
  done
  first=$(ls "$out/$label"-*.json | head -1)
  jq -r --arg l "$label" '.calibration[] | select(.reference != "self") |
    "| \($l) | *\(.reference)* | \(.swd*1000|round/1000) | \(.layout*10000|round/10000) | | \(.copy_distance*100|round/100) | | |"' "$first"
done
