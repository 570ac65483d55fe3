#!/usr/bin/env bash
# Relay sampling against plain sampling on a large canvas of the shipped model: COUNT images per
# method at SIZE, their patch SWD ('sindiff eval'), sampling time and full-size denoiser
# evaluations per image. Prints one JSON line per method, made with jq from the --json output of
# 'sindiff sample' (seconds, and the full-size stage's evaluations per image) and 'sindiff eval'.
#   plain:        the default sampler (DPM-Solver++(2M), 20 Karras steps) at full size
#   relay:        --relay K (1/K size first, then the steps below --relay-strength at full size)
#   plain-short:  plain sampling with as many full-size steps as relay uses
#   plain-N:      plain sampling with N steps, for each N in PLAIN_STEPS (e.g. "12 14 16"): how
#                 many full-size evaluations plain sampling needs to reach relay's SWD
# With IDEAL=1 (needs ImageMagick's convert), two diagnostics of the full-size stage alone,
# each image run as its own 'sindiff img2img' (so no seconds are reported for them):
#   ideal:        started from the plain samples shrunk by K (area) and enlarged again (bicubic),
#                 the best first stage that any low-resolution model could hand over
#   renoise:      started from the plain samples themselves, with nothing lost
# usage: scripts/bench-relay.sh [SIZE=256x1024] [COUNT=8] [K=2] [STRENGTH=0.5]
#   env: MODEL (default models/hubble), OUT (default a temporary folder), PLAIN_STEPS, IDEAL
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
require_tool jq
size="${1:-256x1024}"; count="${2:-8}"; k="${3:-2}"; strength="${4:-0.5}"
model="${MODEL:-models/hubble}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"

report() { # name, full-size evaluations per image, seconds for all images (or "null")
  local name="$1" full="$2" seconds="$3"
  "$sindiff" eval "$model" "$out/$name" --json --no-calibration 2>/dev/null > "$out/$name.eval.json"
  jq -c --arg name "$name" --argjson full "$full" --argjson seconds "$seconds" --argjson count "$count" '
    def r($n): . * pow(10; $n) | round / pow(10; $n);
    {method: $name, full_size_evaluations: $full,
     seconds_per_image: (if $seconds == null then null else ($seconds / $count | r(2)) end),
     swd_mean: (.swd_mean | r(4)), swd_std: (.swd_std | r(4)), swd_per_level: [.swd_per_level[] | r(4)],
     diversity: (.diversity | r(3)), min_copy_distance: (.min_copy_distance | r(3))}' "$out/$name.eval.json"
}

run() { # name, then sample options: samples at SIZE, reported with the full-size stage's evaluations
  local name="$1"; shift
  "$sindiff" sample "$model" --size "$size" --count "$count" --out "$out/$name" --force --json "$@" \
    >"$out/$name.json" 2>"$out/$name.log"
  report "$name" "$(jq '.stages[-1].evaluations_per_image' "$out/$name.json")" "$(jq '.seconds' "$out/$name.json")"
}

finish_from() { # name, folder of start images in-N.png: the full-size stage of relay alone
  local name="$1" src="$2" i
  mkdir -p "$out/$name"
  for i in $(seq 0 $((count - 1))); do
    # seeds 1000+i: the plain samples came from seeds 0..COUNT-1, whose noise must not be reused
    "$sindiff" img2img "$model" --input "$src/in-$i.png" --strength "$strength" --steps "$relay_full" \
      --count 1 --seed $((1000 + i)) --out "$out/$name/run-$i" --force >/dev/null 2>>"$out/$name.log"
    cp "$out/$name/run-$i/sample-000.png" "$out/$name/sample-$(printf %03d "$i").png"
    rm -r "$out/$name/run-$i"
  done
  report "$name" "$relay_full" null
}

run plain
run relay --relay "$k" --relay-strength "$strength"
relay_full=$(jq '.stages[-1].evaluations_per_image' "$out/relay.json")
run plain-short --steps "$relay_full"
for n in ${PLAIN_STEPS:-}; do
  run "plain-$n" --steps "$n"
done
if [[ "${IDEAL:-0}" == 1 ]]; then
  mkdir -p "$out/start-ideal" "$out/start-renoise"
  pct=$(python3 -c "print(100 / $k)")
  for i in $(seq 0 $((count - 1))); do
    f="$out/plain/sample-$(printf %03d "$i").png"
    cp "$f" "$out/start-renoise/in-$i.png"
    /usr/bin/convert "$f" -filter box -resize "$pct%" -filter catrom -resize "${size#*x}x${size%x*}!" "$out/start-ideal/in-$i.png"
  done
  finish_from ideal "$out/start-ideal"
  finish_from renoise "$out/start-renoise"
fi
