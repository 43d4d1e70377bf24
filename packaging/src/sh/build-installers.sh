#!/usr/bin/env bash
# Builds Sotto's runtime, app image and installers from what Maven collected in target/jpackage-input
# (run by `./mvnw -pl packaging -am package -Ppackage`, which passes the version; see README, "Packaging").
#   target/runtime            jlink: the JDK modules jdeps finds (plus service providers it cannot see) and JavaFX
#   target/app-image/sotto    jpackage --type app-image: bin/sotto, lib/app (jars, native libraries), lib/runtime
#   target/linux-root         the files the Linux packages install (stage-linux.sh)
#   target/sotto_VERSION_amd64.deb      from it with dpkg-deb (Linux)
#   target/sotto-VERSION-1.x86_64.rpm   from it with rpmbuild, when rpmbuild is installed (Linux)
#   target/Sotto-VERSION.dmg        jpackage --type dmg on macOS
#   target/Sotto-VERSION.msi        jpackage --type msi on Windows (Git Bash; needs WiX Toolset 3 on the PATH)
# jpackage builds only for the OS it runs on; the macOS and Windows branches are run by the release workflow
# (.github/workflows/release.yml) and have not been tried on those systems yet.
# Only this platform's production native libraries go in, none of testkit or the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."            # packaging/
version=${SOTTO_VERSION:?SOTTO_VERSION is the pom version, passed by Maven}
app_version=${version%%-*}            # jpackage wants numbers only: 0.1.0-SNAPSHOT -> 0.1.0
target=target
input=$target/jpackage-input
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
jlink=$java_home/bin/jlink jdeps=$java_home/bin/jdeps jpackage=$java_home/bin/jpackage
[[ -d $java_home/jmods ]] || { echo "no $java_home/jmods: jlink needs the JDK's jmods" >&2; exit 1; }
case "$(uname -s)" in
  Linux) os=linux name=sotto sqlite_native=Linux/x86_64/libsqlitejdbc.so ;;
  Darwin) os=mac name=Sotto sqlite_native=Mac/$( [[ $(uname -m) == arm64 ]] && echo aarch64 || echo x86_64)/libsqlitejdbc.dylib ;;
  MINGW*|MSYS*|CYGWIN*) os=windows name=Sotto sqlite_native=Windows/x86_64/sqlitejdbc.dll ;;
  *) echo "unknown OS $(uname -s)" >&2; exit 1 ;;
esac
sqlite_lib=${sqlite_native##*/}

step() { printf '== %s\n' "$*"; }
rm -rf "$target/app" "$target/javafx" "$target/runtime" "$target/app-image" "$target/linux-root" "$target/deb" \
  "$target/rpm" "$target"/*.deb "$target"/*.rpm
mkdir -p "$target/app" "$target/javafx/modules" "$target/javafx/native"

step "app: jars and native libraries"
cp "$input"/*.jar "$target/app/"
signal_lib=$(cd "$input" && ls libsignal_jni.so libsignal_jni.dylib signal_jni.dll 2>/dev/null | head -1 || true)
[[ -n $signal_lib ]] || { echo "no libsignal native library in $input (module libsignal builds it)" >&2; exit 1; }
cp "$input/$signal_lib" "$target/app/"
cp ../LICENSE "$target/app/"
if [[ -n "$(ls "$target/app" | grep -i -e testkit -e junit -e testfx -e monocle || true)" ]]; then
  echo "test code in the product: $(ls "$target/app" | grep -i -e testkit -e junit -e testfx -e monocle)" >&2; exit 1
fi
# JavaFX goes into the runtime (jlink), its native libraries into the runtime's lib/ (as from JavaFX's jmods),
# so nothing is unpacked into ~/.openjfx at start
# (the jars with an OS classifier hold the code; the ones without are empty shells)
for jar in "$target/app"/javafx-*.jar; do
  case "$jar" in *-linux.jar|*-mac.jar|*-mac-aarch64.jar|*-win.jar) mv "$jar" "$target/javafx/modules/" ;; *) rm "$jar" ;; esac
done
for jar in "$target/javafx/modules"/*.jar; do
  unzip -q -o "$jar" '*.so' '*.dylib' '*.dll' -d "$target/javafx/native" 2>/dev/null || true
  zip -q -d "$jar" '*.so' '*.dylib' '*.dll' >/dev/null 2>&1 || true
done
# sqlite-jdbc carries its native library for every OS (24 MB) and unpacks it into /tmp at every start:
# keep this machine's beside the jars and load it from there (-Dorg.sqlite.lib.path in the launcher)
sqlite_jar=$(ls "$target/app"/sqlite-jdbc-*.jar)
unzip -q -o -j "$sqlite_jar" "org/sqlite/native/$sqlite_native" -d "$target/app"
zip -q -d "$sqlite_jar" 'org/sqlite/native/*' >/dev/null
[[ $os == linux ]] && { strip --strip-unneeded "$target/app"/*.so "$target/javafx/native"/*.so 2>/dev/null || true; }

step "jdeps: the JDK modules the jars use"
# (JavaFX on the module path: modular jars such as Ikonli's and AtlantaFX's require its modules)
modules=$("$jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps -q \
  --module-path "$target/javafx/modules" --class-path "$target/app/*" "$target/app"/*.jar | tail -1)
# service providers jdeps cannot see: TLS with EC keys, DNS SRV look-ups (JNDI), Unicode charsets, local zip,
# RandomGenerator.of(...) algorithms (the app uses L32X64MixRandom)
modules="$modules,jdk.crypto.ec,jdk.naming.dns,jdk.charsets,jdk.localedata,jdk.zipfs,jdk.random"
echo "   $modules,javafx.controls"

step "jlink: the runtime"
# Linux: --compress=1 (shared strings), not 2 (zip): the packages' xz compresses the class files far better than zip
# inside lib/modules does (the .deb 17 MB smaller, lib/modules 16 MB larger installed; docs/benchmarks.md).
# No --generate-cds-archive on Linux (12 MB): the packages' install scripts dump Sotto's AppCDS archive, which holds
# the JDK's classes too, and the default archive only when that fails (src/linux/appcds-dump.sh); on macOS and
# Windows the runtime keeps it (no install script there).
"$jlink" --module-path "$java_home/jmods:$target/javafx/modules" --add-modules "$modules,javafx.controls" \
  --strip-debug --no-header-files --no-man-pages --compress=$( [[ $os == linux ]] && echo 1 || echo 2) --include-locales=en,de,fr,es,it,nl,pt,ru,pl \
  $( [[ $os == linux ]] || echo --generate-cds-archive ) --output "$target/runtime"
# (lib/ on Linux and macOS, bin/ on Windows, as from JavaFX's jmods)
cp "$target/javafx/native"/* "$target/runtime/$( [[ $os == windows ]] && echo bin || echo lib)/"
# the CDS archive for heaps over 32 GB (no compressed oops) is 11 MB that Sotto never uses
rm -f "$target/runtime"/{lib,bin}/server/classes_nocoops.jsa
# Debian's libjvm.so keeps its symbol table (4 MB); the dynamic symbols that linking needs stay
[[ $os == linux ]] && { strip --strip-unneeded "$target/runtime/lib"/*.so "$target/runtime/lib/server"/*.so 2>/dev/null || true; }

step "jpackage: the app image"
# the memory options of ./sotto's launcher (one line, kept there), checked against the runtime that will run them
eval "$(grep '^memory=' ../scripts/run-app.sh)"
"$target/runtime/bin/java" "${memory[@]}" -version >/dev/null 2>&1 \
  || { echo "the runtime refuses the launcher's memory options: ${memory[*]}" >&2; exit 1; }
memory_options=()
for option in "${memory[@]}"; do memory_options+=(--java-options "$option"); done
main_jar=$(cd "$target/app" && ls sotto-app-*.jar)
icon=../icons/png/sotto-256.png
[[ $os == mac ]] && icon=../icons/sotto.icns
[[ $os == windows ]] && icon=../icons/sotto.ico
common=(--app-version "$app_version" --vendor "The Sotto developers" --copyright "AGPL-3.0-or-later"
        --description "End-to-end encrypted chat over XMPP with OMEMO" --icon "$icon")
"$jpackage" --type app-image --dest "$target/app-image" --name "$name" "${common[@]}" \
  --input "$target/app" --main-jar "$main_jar" --main-class org.sotto.app.Main --runtime-image "$target/runtime" \
  --java-options '-Djava.library.path=$APPDIR' \
  --java-options '-Dorg.sqlite.lib.path=$APPDIR' --java-options "-Dorg.sqlite.lib.name=$sqlite_lib" \
  --java-options '-XX:-UsePerfData' "${memory_options[@]}" \
  $( [[ $os == linux ]] && echo "--java-options -XX:SharedArchiveFile=\$APPDIR/sotto.jsa" )
if [[ $os == mac ]]; then
  "$jpackage" --type dmg --app-image "$target/app-image/Sotto.app" --dest "$target" --name Sotto "${common[@]}" \
    --license-file ../LICENSE --mac-package-identifier org.sotto.Sotto
  ls -la "$target"/*.dmg; exit 0
fi
if [[ $os == windows ]]; then
  # the upgrade UUID stays fixed across versions, so a new .msi replaces the installed one
  "$jpackage" --type msi --app-image "$target/app-image/Sotto" --dest "$target" --name Sotto "${common[@]}" \
    --license-file ../LICENSE --win-menu --win-shortcut --win-dir-chooser \
    --win-upgrade-uuid 5f3e0c1a-8b2d-4c7e-9a61-2d4b7f0e93c5
  ls -la "$target"/*.msi; exit 0
fi
image=$target/app-image/sotto
# a heap dump would write the unlocked database key, passphrases and plaintext into a file (docs/threat-model.md)
if grep -q -i 'HeapDump' "$image/lib/app/sotto.cfg"; then echo "the launcher enables heap dumps" >&2; exit 1; fi
# jpackage's launcher and its library keep their symbol tables
strip --strip-unneeded "$image/bin/sotto" "$image/lib/libapplauncher.so" 2>/dev/null || true

# AppCDS: the classes a start up to the window loads, listed here; the archive itself is dumped from this list where
# Sotto is installed (src/linux/appcds-dump.sh, in the .deb's postinst and the .rpm's %post), since JDK 17 refuses an
# archive whose jars have moved. Without an archive the JVM starts as usual, only slower (here, while building, it
# has none). docs/benchmarks.md has the figures.
if command -v Xvfb >/dev/null && command -v xwininfo >/dev/null; then
  step "AppCDS: class list of a start under Xvfb"
  display=:$(( 200 + RANDOM % 100 ))
  Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$! app=
  home=$(mktemp -d)
  trap '[[ -n $app ]] && kill $app 2>/dev/null; kill $xvfb 2>/dev/null; rm -rf "$home"' EXIT
  sleep 1
  HOME=$home DISPLAY=$display JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$PWD/$image/lib/app/sotto.classlist" \
    "$image/bin/sotto" >/dev/null 2>&1 &
  app=$!
  for _ in $(seq 600); do
    [[ $(DISPLAY=$display xwininfo -root -tree 2>/dev/null) == *'"org.sotto.app.SottoApplication"'* ]] && break
    sleep 0.05
  done
  sleep 2
  kill $app 2>/dev/null || { echo "Sotto ended before its window showed: no AppCDS class list" >&2; exit 1; }
  wait $app 2>/dev/null || true; app=
  kill $xvfb; wait $xvfb 2>/dev/null || true; rm -rf "$home"; trap - EXIT
  echo "   $(wc -l < "$image/lib/app/sotto.classlist") classes"
else
  step "AppCDS: skipped (no Xvfb/xwininfo to start Sotto once: apt-get install xvfb x11-utils)"
fi

step "linux-root: the files the .deb and .rpm install"
src/sh/stage-linux.sh "$image" "$version"
if command -v dpkg-deb >/dev/null; then
  step "deb: $target/sotto_${version/-/'~'}_amd64.deb"
  src/sh/build-deb.sh "$version"
else
  step "deb: skipped (no dpkg-deb)"
fi
if command -v rpmbuild >/dev/null; then
  step "rpm: $target/sotto-${version/-/'~'}-1.x86_64.rpm"
  src/sh/build-rpm.sh "$version"
else
  step "rpm: skipped (no rpmbuild; apt-get install rpm)"
fi
du -sh "$target/runtime" "$image" $(ls "$target"/*.deb "$target"/*.rpm 2>/dev/null)
