#!/usr/bin/env bash
# Train one model per image of a folder with one preset, sample from each, evaluate each, and
# write one CSV row per image (image, preset, steps, train time, patch SWD, diversity, copy
# distance, ...) plus a summary line. Runs are kept, so the experiment can be inspected later.
# usage: scripts/folder-experiment.sh FOLDER [PRESET] [STEPS] [MAX_SIZE] [OUT]
#   env: COUNT (samples per image, default 8), BATCH (training batch, default 4),
#        TRAIN_ARGS (extra 'sindiff train' options), SAMPLE_ARGS (extra 'sindiff sample' options)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
folder="${1:?usage: scripts/folder-experiment.sh FOLDER [PRESET] [STEPS] [MAX_SIZE] [OUT]}"
preset="${2:-fast}"; steps="${3:-800}"; size="${4:-128}"
out="${5:-experiments/$(basename "$folder")-$preset-$steps}"
count="${COUNT:-8}"; batch="${BATCH:-4}"
[[ -d "$folder" ]] || die "'$folder' is not a folder"
mkdir -p "$out"
csv="$out/results.csv"; rm -f "$csv"
shopt -s nullglob nocaseglob
images=("$folder"/*.{png,jpg,jpeg,bmp,gif,tif,tiff,webp})
shopt -u nocaseglob
(( ${#images[@]} > 0 )) || die "no images in '$folder' (png, jpg, bmp, gif, tiff, webp)"
for img in "${images[@]}"; do
  name="$(basename "${img%.*}")"
  run="$out/runs/$name"
  echo "== $name: train $preset for $steps steps at max side $size" >&2
  if [[ -f "$run/checkpoint.bin" ]]; then
    "$sindiff" train --resume "$run" --steps "$steps" ${TRAIN_ARGS:-} >&2
  else
    "$sindiff" train "$img" --out "$run" --preset "$preset" --steps "$steps" --max-size "$size" \
      --batch "$batch" ${TRAIN_ARGS:-} >&2
  fi
  sample_and_eval "$run" "$run/eval-samples" "$csv" "$name" "$count" ${SAMPLE_ARGS:-}
done
echo "wrote $csv" >&2
column -s, -t < "$csv"
awk -F, 'NR==1 { for (i=1;i<=NF;i++) col[$i]=i; next }
  { n++; swd+=$col["swd_mean"]; div+=$col["diversity"]; t+=$col["train_seconds"]; nc+=$col["near_copies"]
    if (n==1 || $col["min_copy_distance"]<mc) mc=$col["min_copy_distance"] }
  END { printf("summary: %d images, mean SWD %.4f, mean diversity %.3f, min copy distance %.3f, near-copies %d, mean train time %.0f s\n", n, swd/n, div/n, mc, nc, t/n) }' "$csv" | tee "$out/summary.txt"
