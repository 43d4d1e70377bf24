#!/usr/bin/env bash
# Builds target/sotto_VERSION_amd64.deb from jpackage's app image with dpkg-deb, so that every file it installs
# is dpkg's (removed by dpkg -r/-P): /opt/sotto (the app image), /usr/bin/sotto, the desktop entry, the AppStream
# metainfo, the hicolor icons and the copyright. Usage: build-deb.sh APP_IMAGE VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."            # packaging/
image=$1 version=$2
deb_version=${version/-/'~'}          # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT, sorts before the release 0.1.0
id=org.sotto.Sotto
root=target/deb/root
rm -rf target/deb && mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/metainfo" "$root/usr/share/doc/sotto"
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
cp src/linux/copyright "$root/usr/share/doc/sotto/copyright"
chmod -R u+rwX,go+rX,go-w "$root"

# Depends: the Debian packages holding the libraries that the image's native code links against directly
# (NEEDED entries, less those the image brings itself)
own=$(find "$root/opt" -name '*.so' -printf '%f\n')
needed=$(find "$root/opt" -name '*.so' -type f -exec objdump -p {} + 2>/dev/null | awk '/NEEDED/{print $2}' | sort -u \
  | grep -vxF -f <(echo "$own"))
depends=$(for soname in $needed; do
    path=$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64/ {print $NF; exit}')
    [[ -n $path ]] && { dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null; }
  done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
[[ -n $depends ]] || depends="libc6, libgtk-3-0, libgl1, libxtst6"
cat > "$root/DEBIAN/control" <<CONTROL
Package: sotto
Version: $deb_version
Section: net
Priority: optional
Architecture: amd64
Maintainer: The Sotto developers <packagers@sotto.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Suggests: prosody
Description: end-to-end encrypted chat over XMPP with OMEMO
 Sotto is a desktop messenger for XMPP whose messages only the people in the
 chat can read: OMEMO 0.3 and OMEMO 2 end-to-end encryption, with an encrypted
 local store unlocked by a passphrase. Plaintext is marked wherever it shows.
CONTROL
# tell the desktop about the new entry and icons; both are optional tools
cat > "$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
SCRIPT
cp "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
sed -i 's/"\$1" = configure/"$1" = remove ] || [ "$1" = purge/' "$root/DEBIAN/postrm"
# AppCDS: dump the archive where the jars are now (the class path must match at run time); a failure only costs
# start-up time. prerm removes it, so that dpkg leaves nothing behind.
cat >> "$root/DEBIAN/postinst" <<'SCRIPT'
app=/opt/sotto/lib/app
if [ "$1" = configure ] && [ -f $app/sotto.classlist ]; then
  rm -f $app/sotto.jsa
  cp=$(sed -n "s|^app.classpath=\$APPDIR|$app|p" $app/sotto.cfg | paste -sd:)
  /opt/sotto/lib/runtime/bin/java -Xshare:dump -XX:SharedClassListFile=$app/sotto.classlist \
    -XX:SharedArchiveFile=$app/sotto.jsa -cp "$cp" >/dev/null 2>&1 || rm -f $app/sotto.jsa
fi
if [ "$1" = configure ] && [ ! -e $app/sotto.jsa ]; then
  # a missing -XX:SharedArchiveFile turns CDS off altogether: fall back to the runtime's own archive
  ln -s ../runtime/lib/server/classes.jsa $app/sotto.jsa
fi
SCRIPT
cat > "$root/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
rm -f /opt/sotto/lib/app/sotto.jsa
SCRIPT
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm" "$root/DEBIAN/prerm"
dpkg-deb --root-owner-group -Zxz --build "$root" "target/sotto_${deb_version}_amd64.deb" >/dev/null
