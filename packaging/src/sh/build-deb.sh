#!/usr/bin/env bash
# Builds target/sotto_VERSION_amd64.deb with dpkg-deb from target/linux-root (stage-linux.sh), so that every file it
# installs is dpkg's (removed by dpkg -r/-P). Usage: build-deb.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."            # packaging/
version=$1
deb_version=${version/-/'~'}          # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT, sorts before the release 0.1.0
root=target/deb/root
rm -rf target/deb && mkdir -p target/deb && cp -a target/linux-root "$root" && mkdir "$root/DEBIAN"

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
Recommends: fonts-noto-color-emoji, fonts-symbola
Suggests: prosody
Description: end-to-end encrypted chat over XMPP with OMEMO
 Sotto is a desktop messenger for XMPP whose messages only the people in the
 chat can read: OMEMO 0.3 and OMEMO 2 end-to-end encryption, with an encrypted
 local store unlocked by a passphrase. Plaintext is marked wherever it shows.
CONTROL
# postinst: tell the desktop about the new entry and icons (both tools optional), dump the CDS archives
# (src/linux/appcds-dump.sh); prerm removes the archives, so that dpkg leaves nothing behind
{
  printf '#!/bin/sh\nset -e\nif [ "$1" = configure ]; then\n'
  printf '  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true\n'
  printf '  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true\n'
  sed 's/^/  /' src/linux/appcds-dump.sh
  printf 'fi\n'
} > "$root/DEBIAN/postinst"
cat > "$root/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
SCRIPT
{ printf '#!/bin/sh\nset -e\n'; cat src/linux/appcds-remove.sh; } > "$root/DEBIAN/prerm"
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm" "$root/DEBIAN/prerm"
dpkg-deb --root-owner-group -Zxz --build "$root" "target/sotto_${deb_version}_amd64.deb" >/dev/null
