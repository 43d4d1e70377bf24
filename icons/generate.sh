#!/usr/bin/env bash
# Generates Sotto's icon sizes and formats from the two SVG sources; the outputs are checked in, so building
# Sotto needs none of these tools. Run it again after changing an SVG and commit what it wrote:
#   png/sotto-N.png   N = 16 24 32 48 64 128 256 512 (16-32 from sotto-small.svg, the rest from sotto.svg)
#   sotto.ico         Windows: 16 24 32 48 64 128 256 in one file
#   sotto.icns        macOS: 16 32 48 128 256 512
# Tools (Debian 12): librsvg2-bin (rsvg-convert), imagemagick (convert), icnsutils (png2icns).
set -euo pipefail
cd "$(dirname "$0")"
for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install librsvg2-bin imagemagick icnsutils" >&2; exit 1; }
done
mkdir -p png
for size in 16 24 32 48 64 128 256 512; do
  source=sotto.svg
  (( size <= 32 )) && source=sotto-small.svg
  rsvg-convert --width "$size" --height "$size" "$source" --output "png/sotto-$size.png"
done
# -strip: no time stamps in the files, so a second run writes the same bytes
for png in png/*.png; do convert "$png" -strip "PNG32:$png"; done
convert png/sotto-{16,24,32,48,64,128,256}.png -strip sotto.ico
png2icns sotto.icns png/sotto-{16,32,48,128,256,512}.png >/dev/null
echo "icons: wrote png/sotto-{16..512}.png, sotto.ico, sotto.icns"
