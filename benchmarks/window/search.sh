#!/usr/bin/env bash
# The search in every chat (Ctrl+Shift+F) on 100 000 messages, in the real window under Xvfb: SearchBench (app's
# test tree) writes the profile, opens the search and puts each query into its field; it prints the time from the
# text set to the hits laid out and to the first frame painted with them.
# Usage: benchmarks/window/search.sh [MESSAGES]     (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
messages=${1:-100000}
root=$PWD
./mvnw -B -o -q -DskipTests -pl app -am package
work=$(mktemp -d)
display=:$(( 500 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=$display
sleep 1
javafx=$(printf '%s:' "$PWD"/app/target/lib/javafx-*-linux.jar)
mkdir -p benchmarks/target
echo "Search in every chat, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" \
  | tee benchmarks/target/window-search.txt
(cd "$work" && HOME=$work java -Djava.library.path="$root/libsignal/target/native" --module-path "${javafx%:}" \
  --add-modules javafx.controls --add-exports javafx.graphics/com.sun.javafx.perf=ALL-UNNAMED \
  -cp "$root/app/target/test-classes:$root/app/target/classes:$root/app/target/lib/*" \
  org.sotto.app.search.SearchBench "$work/profile" "$messages") | tee -a benchmarks/target/window-search.txt
