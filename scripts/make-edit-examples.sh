#!/usr/bin/env bash
# Makes the example inputs of the README's applications (samples/edits/) from the shipped model's
# training image with ImageMagick (apt-get install imagemagick). They are committed; run this only
# to change them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
C="${CONVERT:-/usr/bin/convert}"
train="$root/models/hubble/train-image.png"   # 128x112 (WxH)
out="$root/samples/edits"
mkdir -p "$out"
# inpainting: a hole in the middle
"$C" -size 128x112 xc:black -fill white -draw "rectangle 44,36 87,79" "$out/hole-mask.png"
# paint-to-image and structure guidance: a rough colour layout, two discs on a dark sky
"$C" -size 128x112 xc:'#050508' -fill '#b07050' -draw "circle 38,56 60,56" -fill '#6080c0' -draw "circle 98,30 110,30" "$out/layout.png"
# harmonization: a square of the cat photo pasted into the sky, and its mask
"$C" "$root/samples/chelsea.png" -crop 150x150+140+40 +repage -resize 28x28! /tmp/sindiff-cat.png
"$C" "$train" /tmp/sindiff-cat.png -geometry +50+42 -composite "$out/pasted.png"
"$C" -size 128x112 xc:black -fill white -draw "rectangle 50,42 77,69" "$out/pasted-mask.png"
# editing: a 32x32 block copied to another place (hard seams), and a mask a little larger than it
"$C" "$train" \( "$train" -crop 32x32+8+8 +repage \) -geometry +84+66 -composite "$out/rearranged.png"
"$C" -size 128x112 xc:black -fill white -draw "rectangle 80,62 119,101" "$out/rearranged-mask.png"
rm -f /tmp/sindiff-cat.png
ls -l "$out"
