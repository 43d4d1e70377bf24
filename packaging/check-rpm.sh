#!/usr/bin/env bash
# Checks the .rpm without installing it (Debian's rpm has no system database to install into): its metadata, that it
# holds the same files as the .deb, that its native libraries are this platform's stripped production ones and no
# test code, that its requires leave out the libraries it brings, that its scripts dump and remove the CDS archives,
# and that the unpacked launcher runs (--version, --help without a display).
# test.sh runs it after check-deb.sh; it skips with a message (exit 0) where it cannot run: not Linux, no rpmbuild.
#   SOTTO_CHECK_RPM_SKIP_BUILD=1   use the .rpm already in packaging/target (test.sh: the one check-deb.sh built)
#   SOTTO_MAVEN_ARGS=-o            extra arguments for the Maven build (e.g. offline)
set -uo pipefail
cd "$(dirname "$0")/.."
out=packaging/target/check-rpm
skip() { echo "check-rpm: skipped: $*"; exit 0; }
fail() { echo "check-rpm: FAILED: $*" >&2; exit 1; }

[[ $(uname -s) == Linux ]] || skip "not Linux"
for tool in rpmbuild rpm2archive readelf; do command -v $tool >/dev/null || skip "no $tool (apt-get install rpm binutils)"; done
rm -rf "$out" && mkdir -p "$out"
if [[ -z ${SOTTO_CHECK_RPM_SKIP_BUILD:-} ]]; then
  for tool in jlink jpackage; do command -v $tool >/dev/null || skip "no $tool"; done
  echo "check-rpm: building the .rpm"
  ./mvnw -B -q ${SOTTO_MAVEN_ARGS:-} -pl packaging -am package -Ppackage -DskipTests > "$out/build.log" 2>&1 \
    || { tail -30 "$out/build.log"; fail "build (log: $out/build.log)"; }
fi
rpm=$(ls packaging/target/sotto-*.x86_64.rpm 2>/dev/null | head -1)
[[ -f $rpm ]] || { [[ -n ${SOTTO_CHECK_RPM_SKIP_BUILD:-} ]] && skip "no packaging/target/sotto-*.rpm to check (the build was skipped)"; fail "no packaging/target/sotto-*.x86_64.rpm"; }
echo "check-rpm: $rpm ($(du -k "$rpm" | cut -f1) KiB)"

rpm -qpi "$rpm" > "$out/info" 2>/dev/null || fail "rpm -qpi $rpm"
for field in "Name *: sotto" "Architecture: x86_64" "License *: AGPL-3.0-or-later" "Summary *: End-to-end encrypted chat"; do
  grep -q "^$field" "$out/info" || { cat "$out/info"; fail "rpm -qpi: no '$field'"; }
done
rpm -qpl "$rpm" 2>/dev/null | sort > "$out/files"
for file in /usr/bin/sotto /opt/sotto/bin/sotto /opt/sotto/lib/app/sotto.cfg /opt/sotto/lib/app/sotto.classlist \
            /opt/sotto/lib/app/libsignal_jni.so /opt/sotto/lib/app/libsqlitejdbc.so /opt/sotto/lib/runtime/lib/libglassgtk3.so \
            /usr/share/applications/org.sotto.Sotto.desktop /usr/share/metainfo/org.sotto.Sotto.metainfo.xml \
            /usr/share/icons/hicolor/16x16/apps/org.sotto.Sotto.png /usr/share/icons/hicolor/512x512/apps/org.sotto.Sotto.png \
            /usr/share/icons/hicolor/scalable/apps/org.sotto.Sotto.svg /usr/share/man/man1/sotto.1.gz /usr/share/doc/sotto/copyright; do
  grep -qxF "$file" "$out/files" || fail "$file not in the package"
done
if grep -i -e testkit -e junit -e testfx -e monocle "$out/files"; then fail "test code in the package"; fi
if grep -e '\.dll$' -e '\.dylib$' -e '\.jsa$' "$out/files"; then fail "another OS's libraries or a CDS archive in the package"; fi
deb=$(ls packaging/target/sotto_*.deb 2>/dev/null | head -1)
if [[ -f $deb ]]; then   # the same files as the .deb (rpm -qpl lists /opt/sotto's directories too, dpkg-deb -c all)
  dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {sub(/^\./, "", $6); print $6}' | sort > "$out/deb-files"
  comm -3 "$out/deb-files" <(rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpm" 2>/dev/null | awk '$1 !~ /^d/ {print $2}' | sort) \
    > "$out/deb-rpm-diff"
  [[ ! -s $out/deb-rpm-diff ]] || { cat "$out/deb-rpm-diff"; fail "the .rpm's files differ from the .deb's (left: only the .deb)"; }
fi

# unpacked: every native library is an x86-64 ELF without its symbol table, sqlite-jdbc carries no other OS's library
mkdir -p "$out/root"
rpm2archive - < "$rpm" | tar -xzf - -C "$out/root" || fail "rpm2archive | tar"
while read -r lib; do
  [[ $(readelf -h "$lib") == *"Machine:"*"X86-64"* ]] || fail "${lib#"$out/root"} is not an x86-64 library"
  [[ $(readelf -S "$lib") != *.symtab* ]] || fail "${lib#"$out/root"} is not stripped"
done < <(find "$out/root/opt" -name '*.so' -type f)
if unzip -l "$out/root"/opt/sotto/lib/app/sqlite-jdbc-*.jar | grep 'org/sqlite/native/'; then fail "sqlite-jdbc still carries native libraries"; fi
"$out/root/opt/sotto/bin/sotto" --version | grep -q "^Sotto " || fail "the unpacked sotto --version"
env -u DISPLAY -u WAYLAND_DISPLAY "$out/root/opt/sotto/bin/sotto" --help | grep -q "Usage: sotto" || fail "the unpacked sotto --help"
zcat "$out/root/usr/share/man/man1/sotto.1.gz" | grep -q '^\.TH SOTTO 1' || fail "the man page"

# requires: rpm's from the ELF files, none for a library the package brings, and it provides none of them
rpm -qpR "$rpm" 2>/dev/null > "$out/requires"
grep -q '^libgtk-3\.so\.0()(64bit)' "$out/requires" || { cat "$out/requires"; fail "no requires on GTK 3 (rpm's ELF dependencies)"; }
own=$(find "$out/root/opt" -name '*.so' -printf '%f\n' | sort -u)
if grep -F -f <(echo "$own") "$out/requires"; then fail "requires a library the package brings"; fi
rpm -qp --provides "$rpm" 2>/dev/null > "$out/provides"
# (besides itself: application(), metainfo() and mimehandler() from the desktop entry and metainfo, for software centres)
grep -q '^mimehandler(x-scheme-handler/xmpp)' "$out/provides" || { cat "$out/provides"; fail "no provides for xmpp: links"; }
if grep -v -e '^sotto' -e '^application(' -e '^metainfo(' -e '^mimehandler(' "$out/provides"; then fail "provides more than itself and its desktop entry"; fi
# scripts: %post dumps the CDS archives, %preun removes them on erase only
rpm -qp --scripts "$rpm" 2>/dev/null > "$out/scripts"
grep -q -- '-XX:SharedArchiveFile=$app/sotto.jsa' "$out/scripts" || fail "%post does not dump the AppCDS archive"
grep -q 'rm -f /opt/sotto/lib/app/sotto.jsa' "$out/scripts" || fail "%preun does not remove the archives"
echo "check-rpm: passed ($(basename "$rpm"), $(( $(rpm -qp --qf '%{SIZE}' "$rpm" 2>/dev/null) / 1024 )) KiB installed; files in $out)"
