#!/usr/bin/env bash
# Sotto's window against Dino and Gajim (Debian's dino-im and gajim), one harness for all, under one Xvfb:
#   start  exec → first painted frame (first-frame.c: the window is viewable and its pixels hold text, not only a
#          background), then resident memory (VmRSS) 5 s after the first window; for Sotto 5 s after unlocking into
#          the main window (the script types the passphrase). Runs interleaved, medians.
#   chat   WindowBench chat: a 100 000-message chat opened in the real window, 5 000 scrolled, bob's messages live.
#   cells  CellCostBench: the JavaFX thread's CPU time to build, style and lay out one message (headless Monocle;
#          CPU time, so it is comparable on a busy machine). Not part of "all".
# Usage: benchmarks/window/measure.sh [start|chat|all|cells] [RUNS]     (default: all 7; needs root for apt-get)
# SOTTO_ONLY=1 leaves Dino and Gajim out (to compare Sotto's variants quickly). Extra Sotto variants: SOTTO_VARIANTS="name|java options;name|java options" (each measured like the default).
# Launcher variants with environment variables: SOTTO_LAUNCHER_VARIANTS="name|VAR=value VAR=value;…" (run-app.sh under env).
# SOTTO_MEMORY_REPORT=DIR keeps, per program, `pmap -x` and (with -XX:NativeMemoryTracking, e.g. through
# JAVA_TOOL_OPTIONS in a launcher variant) jcmd's VM.native_memory summary at the moment RSS is read, and the
# heap's class histogram (unreachable objects included).
# SOTTO_FLOOR=1 adds the floor: FirstFrameFloor (app's test tree), a window like the unlock screen with nothing of
# Sotto behind it, with JavaFX's Modena and with AtlantaFX's theme, each with its own class data archive; in "chat",
# ScrollFloor, the same scroll through a Flowless list of plain wrapped labels.
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
runs=${2:-7}
if [[ $what == cells ]]; then
  ./mvnw -B -o -q -DskipTests -pl app -am test-compile
  monocle=$(find ~/.m2/repository/org/testfx/openjfx-monocle -name 'openjfx-monocle-17.0.10.jar' | head -1)
  # JavaFX from the class path: Monocle's classes must sit beside javafx.graphics
  java -Dprism.order=sw -Dprism.text=t2k -Dglass.platform=Monocle -Dmonocle.platform=Headless -Djava.awt.headless=true \
    -cp "app/target/test-classes:app/target/classes:app/target/lib/*:$monocle" org.sotto.app.chat.CellCostBench \
    "${2:-15}" 2>&1 | grep -v -e WARNING -e 'Unsupported JavaFX configuration'
  exit
fi
./scripts/setup-debian.sh test
needed=()
for package in dino-im gajim xdotool gcc libx11-dev dbus; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || needed+=("$package")
done
if (( ${#needed[@]} )); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
fi
./mvnw -B -o -q -DskipTests -pl app -am package
mkdir -p benchmarks/target
gcc -O2 -Wall -o benchmarks/target/first-frame benchmarks/window/first-frame.c -lX11
probe=$PWD/benchmarks/target/first-frame
exec > >(tee benchmarks/target/window-measure.txt)

work=$(mktemp -d)
chmod 755 "$work"
display=:$(( 400 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
serve_pid=
buses=()
cleanup() {
  [[ -z $serve_pid ]] || { exec 7>&-; wait "$serve_pid" 2>/dev/null || true; }
  kill "$xvfb" "${buses[@]}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
# Gajim refuses to run as root: it runs as this unprivileged user. Every program gets a session bus of its user's,
# as on a desktop (without one GLib's programs try to start one through X11 on each start).
id sotto-bench >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin sotto-bench
as_user=(setpriv --reuid sotto-bench --regid sotto-bench --init-groups)
read -r root_bus root_bus_pid < <(dbus-daemon --session --fork --print-address=1 --print-pid=1 | paste -d' ' - -)
read -r user_bus user_bus_pid < <(cd / && "${as_user[@]}" dbus-daemon --session --fork --print-address=1 --print-pid=1 \
  | paste -d' ' - -)
buses=("$root_bus_pid" "$user_bus_pid")
export DBUS_SESSION_BUS_ADDRESS=$root_bus
sleep 1

javafx=$(printf '%s:' "$PWD"/app/target/lib/javafx-*-linux.jar)
java_base=(java -Djava.library.path="$PWD/libsignal/target/native" --module-path "${javafx%:}" --add-modules javafx.controls)
# the floors choose JavaFX's renderer as Sotto's Main does (org.sotto.app.ui.Rendering): software at once without a GPU
renderer=()
compgen -G '/dev/dri/*' >/dev/null || [[ -e /dev/nvidiactl ]] || renderer=(-Dprism.order=sw)
test_classpath="$PWD/app/target/test-classes:$PWD/app/target/classes:$PWD/app/target/lib/*"
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print (NR ? a[int((NR+1)/2)] : "-")}'; }
rss_mib() { awk '/^VmRSS/{printf "%d", $2/1024}' "/proc/$1/status"; }
# waits until it is gone (the launcher's first start writes its class data archive on the way out)
stop() { kill -- "-$1" 2>/dev/null || kill "$1" 2>/dev/null || true; for _ in $(seq 1200); do [[ -e /proc/$1 ]] || break; sleep 0.05; done; }

# WindowBench serve: a test Prosody and a profile with alice's account there, up until unserve
serve() {
  exec 7> >(cd "$work" && exec "${java_base[@]}" -cp "$test_classpath" org.sotto.app.chat.WindowBench serve "$1" "$2" \
    > "$work/serve.log" 2>&1)
  serve_pid=$!
  for _ in $(seq 6000); do grep -q '^ready' "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
  grep -q '^ready' "$work/serve.log" || { cat "$work/serve.log"; exit 1; }
  grep '^profile of' "$work/serve.log"
}
unserve() {
  exec 7>&-
  wait "$serve_pid" 2>/dev/null || true
  serve_pid=
}

if [[ $what == start || $what == all ]]; then
  # the profile Sotto unlocks: alice's account on a test Prosody the harness keeps up, 20 messages with bob
  serve "$work/profile" 20

  apps=("Sotto: ./sotto's java command (scripts/run-app.sh)|SottoApplication|sotto|"
        "Sotto: plain java -jar (no class data archive, the JVM's default heap)|SottoApplication|plain|")
  IFS=';' read -r -a extra <<< "${SOTTO_VARIANTS:-}"
  for variant in "${extra[@]}"; do
    [[ -n $variant ]] && apps+=("Sotto: plain java -jar ${variant%%|*}|SottoApplication|plain|${variant#*|}")
  done
  IFS=';' read -r -a extra <<< "${SOTTO_LAUNCHER_VARIANTS:-}"
  for variant in "${extra[@]}"; do
    [[ -n $variant ]] && apps+=("Sotto: ./sotto's java command with ${variant%%|*}|SottoApplication|sotto|${variant#*|}")
  done
  if [[ ${SOTTO_FLOOR:-} == 1 ]]; then
    apps+=("JavaFX floor: one window like the unlock screen, Modena|FirstFrameFloor|floor|modena"
           "JavaFX floor: one window like the unlock screen, AtlantaFX|FirstFrameFloor|floor|theme")
  fi
  image=$(ls -d packaging/target/*/sotto/bin/sotto packaging/target/app-image/*/bin/* 2>/dev/null | head -1 || true)
  [[ -n $image ]] && apps+=("Sotto (app image: $image)|SottoApplication|image|")
  [[ ${SOTTO_ONLY:-} == 1 ]] || apps+=("Dino (dino-im $(dpkg-query -W -f='${Version}' dino-im))|dino|dino|"
         "Gajim $(dpkg-query -W -f='${Version}' gajim)|gajim|gajim|")

  # one start: prints "painted_ms mapped_ms rss_mib unlock_ms"
  start_one() {
    local kind=$1 class=$2 opts=$3 home=$4 command=()
    case $kind in
      sotto) command=(env $opts "$PWD/scripts/run-app.sh") ;;
      plain) command=("${java_base[@]}" $opts -jar "$PWD/app/target/sotto-app-0.1.0-SNAPSHOT.jar") ;;
      image) command=("$PWD/$image") ;;
      floor) # as the launcher runs Sotto: its heap options, a class data archive (which needs jars, not directories)
        local jsa=$work/floor-$opts.jsa cds memory
        eval "$(grep '^memory=' scripts/run-app.sh)"
        [[ -f $work/floor.jar ]] || jar cf "$work/floor.jar" -C app/target/test-classes org/sotto/app/chat/FirstFrameFloor.class
        if [[ -f $jsa ]]; then cds=(-XX:SharedArchiveFile="$jsa"); else cds=(-XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off); fi
        command=("${java_base[@]}" "${renderer[@]}" "${cds[@]}" "${memory[@]}" -cp "$work/floor.jar:$(ls app/target/lib/atlantafx-base-*.jar)" \
          org.sotto.app.chat.FirstFrameFloor "$opts") ;;
      dino) command=(dino-im) ;;
      gajim) command=("${as_user[@]}" env DBUS_SESSION_BUS_ADDRESS="$user_bus" gajim); chown sotto-bench: "$home" ;;
    esac
    local out mapped painted pid window unlock=-
    out=$(HOME=$home SOTTO_PROFILE=$work/profile "$probe" 30000 "$class" "${command[@]}") || true
    read -r mapped painted pid window <<< "$out"
    if [[ $kind == sotto || $kind == plain || $kind == image ]] && [[ $painted != -1 ]]; then
      xdotool mousemove --window "$window" 200 200 windowfocus --sync "$window" 2>/dev/null || true
      local typed
      typed=$(date +%s%N)
      xdotool type --delay 0 "$(grep -o 'PASSPHRASE = "[^"]*"' app/src/test/java/org/sotto/app/chat/WindowBench.java \
        | cut -d'"' -f2)"
      xdotool key Return
      for _ in $(seq 600); do
        [[ $(xdotool getwindowname "$window" 2>/dev/null) == *alice* ]] && break
        sleep 0.02
      done
      unlock=$(( ($(date +%s%N) - typed) / 1000000 ))
    fi
    sleep 5
    local rss
    rss=$(rss_mib "$pid" 2>/dev/null || echo -)
    if [[ -n ${SOTTO_MEMORY_REPORT:-} ]]; then # where the memory is: mappings, and the JVM's own account if NMT is on
      local report=$SOTTO_MEMORY_REPORT/$kind-${opts//[^A-Za-z0-9=]/_}
      mkdir -p "$SOTTO_MEMORY_REPORT"
      pmap -x "$pid" > "$report.pmap" 2>/dev/null || true
      jcmd "$pid" VM.native_memory summary > "$report.nmt" 2>/dev/null || true
      jcmd "$pid" GC.class_histogram -all > "$report.histogram" 2>/dev/null || true # -all: without a collection first
    fi
    stop "$pid"
    echo "$painted $mapped $rss $unlock"
  }

  declare -A painted mapped rss unlock homes
  rm -f app/target/sotto-app.jsa # the first run below writes it, as the first ./sotto after a build does
  for app in "${apps[@]}"; do
    IFS='|' read -r name class kind opts <<< "$app"
    homes[$name]=$(mktemp -d "$work/home.XXXX")
    start_one "$kind" "$class" "$opts" "${homes[$name]}" > /dev/null # first run: the app's own first-run set-up
  done
  for _ in $(seq "$runs"); do
    for app in "${apps[@]}"; do
      IFS='|' read -r name class kind opts <<< "$app"
      read -r p m r u < <(start_one "$kind" "$class" "$opts" "${homes[$name]}")
      painted[$name]+="$p "; mapped[$name]+="$m "; rss[$name]+="$r "; unlock[$name]+="$u "
      sleep 1
    done
  done
  echo
  echo "Start-up, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each, interleaved"
  echo
  echo "| program | exec → first painted frame, median (ms) | all runs (ms) | window mapped, median (ms) | resident memory 5 s after the main window, median (MiB) | Sotto: passphrase typed → main window, median (ms) |"
  echo "|---|---:|---|---:|---:|---:|"
  for app in "${apps[@]}"; do
    name=${app%%|*}
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(echo "${painted[$name]}" | median)" "${painted[$name]% }" \
      "$(echo "${mapped[$name]}" | median)" "$(echo "${rss[$name]}" | median)" "$(echo "${unlock[$name]}" | tr -d '-' | median)"
  done
  unserve
fi

if [[ $what == chat || $what == all ]]; then
  echo
  echo "Chat of 100 000 messages, $(date -u '+%Y-%m-%d %H:%M UTC'), real glass on Xvfb, load $(cut -d' ' -f1-3 /proc/loadavg)"
  eval "$(grep '^memory=' scripts/run-app.sh)" # the launcher's heap options
  if [[ ${SOTTO_FLOOR:-} == 1 ]]; then
    echo "The floor: one Flowless list of 100 000 wrapped labels, nothing else (ScrollFloor)"
    "${java_base[@]}" "${renderer[@]}" --add-exports javafx.graphics/com.sun.javafx.perf=ALL-UNNAMED "${memory[@]}" \
      -cp "$test_classpath" org.sotto.app.chat.ScrollFloor 5000 "${CHAT_STEP_PX:-150}" 2>&1 | grep -v WARNING
    echo "Sotto's chat:"
  fi
  serve "$work/chat" 100000
  echo "JVM options: ${memory[*]} ${CHAT_JAVA_OPTIONS:-}"
  (cd "$work" && HOME=$work "${java_base[@]}" --add-exports javafx.graphics/com.sun.javafx.perf=ALL-UNNAMED \
    "${memory[@]}" ${CHAT_JAVA_OPTIONS:-} -cp "$test_classpath" org.sotto.app.chat.WindowBench chat "$work/chat" 5000 \
    "${CHAT_STEP_PX:-150}")
  unserve
fi
