#!/usr/bin/env bash
# Starts the window from a built source tree (./sotto builds first, then runs this); benchmarks/window/measure.sh
# times this same command.
set -euo pipefail
cd "$(dirname "$0")/.."
# JavaFX runs as named modules (it warns about an unsupported configuration on the class path);
# libsignal's native library is loaded from libsignal/target/native (docs/architecture.md)
javafx=$(printf '%s:' app/target/lib/javafx-*-linux.jar)
jar=app/target/sotto-app-0.1.0-SNAPSHOT.jar
# Class data sharing: the first start after a build writes an archive of the classes it loaded when it exits
# (that exit takes a few seconds longer); later starts map it instead of loading ~4 000 classes from the jars.
archive=app/target/sotto-app.jsa
if [[ -f $archive && -z $(find app/target/lib "$jar" -newer "$archive" -print -quit) ]]; then
  cds=(-XX:SharedArchiveFile="$archive")
else
  rm -f "$archive"
  cds=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off) # quiet: it lists the classes it cannot archive
fi
# Memory, chosen by measurement (docs/benchmarks.md, "The window"): the heap starts small and keeps at most 30 %
# free when it shrinks, so what unlocking took (Argon2id fills 128 MiB; the window collects it right after) and
# what a long scroll took go back to the system instead of staying committed; what native code freed (the C heap)
# is given back every 2 s instead of staying in malloc's arenas. The installers' launcher takes this same line.
memory=(-Xms64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:G1PeriodicGCInterval=30000 -XX:TrimNativeHeapInterval=2000)
exec java "${cds[@]}" "${memory[@]}" -Djava.library.path="$PWD/libsignal/target/native" --module-path "${javafx%:}" \
  --add-modules javafx.controls -jar "$jar" "$@"
