#!/usr/bin/env bash
# Runs the README's application examples on the shipped model and copies each comparison.png
# (inputs, then the first results) to models/hubble/apps/NAME.png, printing the wall time of each.
# usage: scripts/application-examples.sh [OUT=out/apps]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-out/apps}"
sd=scripts/sindiff
m=models/hubble
e=samples/edits
mkdir -p "$m/apps"
example() {
  local name="$1"; shift
  local start=$SECONDS
  "$sd" "$@" --out "$out/$name" --force >/dev/null 2>"$out.$name.log" || { cat "$out.$name.log" >&2; exit 1; }
  echo "$name: $((SECONDS - start)) s  (sindiff $*)"
  cp "$out/$name/comparison.png" "$m/apps/$name.png"
}
mkdir -p "$out"
example img2img   img2img   $m --input $e/layout.png
example inpaint   inpaint   $m --input $m/train-image.png --mask $e/hole-mask.png
example outpaint  outpaint  $m --right 256
example harmonize harmonize $m --input $e/pasted.png --mask $e/pasted-mask.png
example edit      edit      $m --input $e/rearranged.png --mask $e/rearranged-mask.png
example upscale   upscale   $m --factor 4
example guide     guide     $m --reference $e/layout.png
