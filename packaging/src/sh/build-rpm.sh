#!/usr/bin/env bash
# Builds target/sotto-VERSION-1.x86_64.rpm with rpmbuild from target/linux-root (stage-linux.sh): the same files as
# the .deb, and the same CDS archives dumped at install (src/linux/appcds-dump.sh). Requires are rpm's own from the
# ELF files, less the libraries the image brings itself; the package provides none of its private libraries.
# Usage: build-rpm.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."            # packaging/
version=$1
rpm_version=${version/-/'~'}          # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT, sorts before the release 0.1.0 (rpm >= 4.10)
top=$PWD/target/rpm stage=$PWD/target/linux-root
rm -rf "$top" && mkdir -p "$top"/{BUILD,RPMS,SPECS}
own=$(find "$stage/opt" -name '*.so' -printf '%f\n' | sort -u | sed 's/\./\\\\./g' | paste -sd'|')
spec=$top/SPECS/sotto.spec
{
  cat <<SPEC
Name: sotto
Version: $rpm_version
Release: 1
Summary: End-to-end encrypted chat over XMPP with OMEMO
License: AGPL-3.0-or-later
Group: Applications/Internet
Recommends: google-noto-color-emoji-fonts
Suggests: prosody
%global debug_package %{nil}
%global _build_id_links none
# the image's files go in as built: already stripped, the man page already compressed, no jar repacking
%global __os_install_post %{nil}
%global __arch_install_post %{nil}
%global __provides_exclude_from ^/opt/sotto/.*\$
%global __requires_exclude ^($own)
%global _binary_payload w6.xzdio

%description
Sotto is a desktop messenger for XMPP whose messages only the people in the
chat can read: OMEMO 0.3 and OMEMO 2 end-to-end encryption, with an encrypted
local store unlocked by a passphrase. Plaintext is marked wherever it shows.

%install
cp -a $stage/. %{buildroot}/

%post
command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
SPEC
  cat src/linux/appcds-dump.sh
  # on an upgrade the old package's %preun runs after the new one's %post: only an erase removes the archives
  printf '\n%%preun\nif [ "$1" -eq 0 ]; then\n'
  sed 's/^/  /' src/linux/appcds-remove.sh
  printf 'fi\n\n%%postun\n'
  printf 'command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true\n'
  printf 'command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true\n'
  printf '\n%%files\n%%defattr(-,root,root,-)\n/opt/sotto\n%%dir /usr/share/doc/sotto\n%%license /usr/share/doc/sotto/copyright\n'
  (cd "$stage" && find usr \( -type f -o -type l \) ! -path usr/share/doc/sotto/copyright -printf '/%p\n' | sort)
} > "$spec"
rpmbuild -bb --quiet --target x86_64 --define "_topdir $top" --define "_rpmdir $PWD/target" \
  --define '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm' "$spec" >/dev/null
