#!/usr/bin/env bash
# Lays out target/linux-root: every file the Linux packages (.deb and .rpm) install, from jpackage's app image:
# /opt/sotto (the app image), /usr/bin/sotto, the desktop entry, the AppStream metainfo, the hicolor icons, the man
# page and the copyright. Usage: stage-linux.sh APP_IMAGE VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."            # packaging/
image=$1 version=$2
id=org.sotto.Sotto
root=target/linux-root
rm -rf "$root" && mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/metainfo" \
  "$root/usr/share/doc/sotto" "$root/usr/share/man/man1"
cp -a "$image" "$root/opt/sotto"
ln -s /opt/sotto/bin/sotto "$root/usr/bin/sotto"
cp src/linux/$id.desktop "$root/usr/share/applications/"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%F)/" src/linux/$id.metainfo.xml \
  > "$root/usr/share/metainfo/$id.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$root/usr/share/icons/hicolor/${size}x$size/apps"
  cp ../icons/png/sotto-$size.png "$root/usr/share/icons/hicolor/${size}x$size/apps/$id.png"
done
mkdir -p "$root/usr/share/icons/hicolor/scalable/apps" && cp ../icons/sotto.svg "$root/usr/share/icons/hicolor/scalable/apps/$id.svg"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%F)/" src/linux/sotto.1 | gzip -9n > "$root/usr/share/man/man1/sotto.1.gz"
cp src/linux/copyright "$root/usr/share/doc/sotto/copyright"
chmod -R u+rwX,go+rX,go-w "$root"
