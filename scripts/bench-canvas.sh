#!/usr/bin/env bash
# Canvas-size benchmark of 'sindiff sample' on the shipped model: for each size, one image with
# the default sampler (or STEPS steps), default tiling (automatic under --max-memory 4g), and the
# peak resident memory of the whole process from /usr/bin/time -v. Prints one JSON line per size.
# usage: scripts/bench-canvas.sh [HxW[:STEPS]]...   (default: the README's table)
#   env: MODEL (default models/hubble), EXTRA (more sample options, e.g. "--tile 128")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
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
  h="${size%x*}"; w="${size#*x}"
  log="$out/log"
  /usr/bin/time -v scripts/sindiff sample "$model" --size "$size" --count 1 --batch 1 --steps "$steps" \
      --out "$out/img" --force ${EXTRA:-} >/dev/null 2>"$log"
  seconds=$(grep -o 'sampled 1 image(s) in [0-9.]*' "$log" | awk '{print $NF}')
  rss_kb=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  tile=$(grep -o 'tiles of [0-9]* px' "$log" | awk '{print $3}' || true)
  python3 - "$size" "$h" "$w" "$steps" "${tile:-0}" "$seconds" "$rss_kb" <<'PY'
import json, sys
size, h, w, steps, tile, seconds, rss = sys.argv[1:]
mp = int(h) * int(w) / 1e6
print(json.dumps({"size": size, "megapixels": round(mp, 3), "steps": int(steps), "tile": int(tile),
                  "sampling_seconds": float(seconds), "seconds_per_megapixel_step": round(float(seconds) / mp / int(steps), 3),
                  "peak_rss_gb": round(int(rss) / 1e6, 2)}))
PY
done
