#!/usr/bin/env bash
# Measures the installed Sotto, and Debian's Dino (dino-im) beside it when that is installed, in one run, and prints
# Markdown tables for docs/benchmarks.md:
# - start-up under Xvfb: milliseconds from exec until the app's first window is mapped (polling
#   `xdotool search --onlyvisible --class` every 20 ms, the same for both), and resident memory (VmRSS) 2 s later;
#   median of N runs (default 7) per variant, the variants interleaved, each run with a fresh empty home (both apps
#   show their first-start screen) and one D-Bus session bus for all (Dino wants one);
# - sizes: Sotto's .deb, its Installed-Size and the archive its postinst writes; Dino's package and the packages it
#   pulls in beyond a GTK 3 desktop (the installed packages in the Depends/Pre-Depends closure of dino-im less those
#   in the closure of libgtk-3-0 and libgl1; dpkg-query's Installed-Size, apt-cache's Size), Sotto's the same way.
# Needs root (it swaps the installed AppCDS archive for the runtime's default one for one variant, then puts it back),
# Xvfb and xdotool; installs the .deb from packaging/target when Sotto is not installed (and purges it afterwards).
# Dino is measured only when installed (apt-get install dino-im); this script installs nothing else.
#   Usage: packaging/measure-startup.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
app=/opt/sotto/lib/app runtime=/opt/sotto/lib/runtime
for tool in Xvfb xdotool; do command -v $tool >/dev/null || { echo "no $tool (apt-get install xvfb xdotool)" >&2; exit 1; }; done
installed_here= dumped_default=
if [[ ! -x /opt/sotto/bin/sotto ]]; then
  dpkg -i packaging/target/sotto_*.deb >/dev/null
  installed_here=1
fi
display=:$(( 300 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$! bus_pid=
if command -v dbus-daemon >/dev/null; then
  read -r bus_address bus_pid < <(dbus-daemon --session --fork --print-address=1 --print-pid=1 | paste -sd' ')
  export DBUS_SESSION_BUS_ADDRESS=$bus_address
fi
mv $app/sotto.jsa $app/sotto.jsa.measured
# the packages carry no default CDS archive (postinst dumps it only when Sotto's own fails): dump it for the variant
if [[ ! -e $runtime/lib/server/classes.jsa ]]; then
  $runtime/bin/java -Xshare:dump >/dev/null 2>&1
  dumped_default=1
fi
restore() {
  rm -f $app/sotto.jsa; mv $app/sotto.jsa.measured $app/sotto.jsa
  [[ -z $dumped_default ]] || rm -f $runtime/lib/server/classes.jsa
  kill $xvfb 2>/dev/null || true
  [[ -z $bus_pid ]] || kill "$bus_pid" 2>/dev/null || true
  [[ -z $installed_here ]] || dpkg -P sotto >/dev/null
}
trap restore EXIT
sleep 1

# one start: prints "ms rss_kib"
start() {
  local class=$1 opts=$2 home pid began
  shift 2
  home=$(mktemp -d)
  began=$(date +%s%N)
  # (Java takes user.home from the password database, not from $HOME)
  HOME=$home DISPLAY=$display JAVA_TOOL_OPTIONS="-Duser.home=$home $opts" "$@" > "$home.log" 2>&1 &
  pid=$!
  local shown=
  for _ in $(seq 1500); do
    [[ -n $(DISPLAY=$display xdotool search --onlyvisible --class "^$class\$" 2>/dev/null) ]] && { shown=1; break; }
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  local ms=$(( ($(date +%s%N) - began) / 1000000 ))
  sleep 2
  local rss
  rss=$(awk '/^VmRSS/{print $2}' /proc/$pid/status 2>/dev/null || true)
  if [[ -z $shown || -z $rss ]]; then   # a failed run is left out of the figures, and said
    mkdir -p packaging/target/measure && cp "$home.log" "packaging/target/measure/failed-$(date +%s%N).log"
    echo "$* ended or showed no window (${ms} ms; log in packaging/target/measure)" >&2
    ms= rss=
  fi
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  rm -rf "$home" "$home.log"
  echo "$ms $rss"
}

# name|window class|CDS archive as sotto.jsa|JAVA_TOOL_OPTIONS|command
sotto_class=org.sotto.app.SottoApplication
variants=("Sotto, AppCDS (as installed)|$sotto_class|appcds||/usr/bin/sotto"
          "Sotto, runtime's default CDS archive|$sotto_class|default||/usr/bin/sotto"
          "Sotto, no CDS (-Xshare:off)|$sotto_class|appcds|-Xshare:off|/usr/bin/sotto")
if command -v dino-im >/dev/null; then
  variants+=("Dino $(dpkg-query -W -f '${Version}' dino-im)|dino-im|||dino-im")
else
  echo "(dino-im is not installed: Dino is not measured)" >&2
fi
declare -A ms rss
for _ in $(seq "$runs"); do
  for variant in "${variants[@]}"; do
    IFS='|' read -r name class archive opts command <<< "$variant"
    rm -f $app/sotto.jsa
    if [[ $archive == default ]]; then ln -s ../runtime/lib/server/classes.jsa $app/sotto.jsa
    else ln -s sotto.jsa.measured $app/sotto.jsa; fi
    read -r m r < <(start "$class" "$opts" $command) || true
    ms[$name]+="${m:-} "; rss[$name]+="${r:-} "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]+0}'; }
echo "| variant | start to window, median of $runs (ms) | all runs (ms) | resident memory 2 s later, median (MiB) |"
echo "|---|---|---|---|"
for variant in "${variants[@]}"; do
  name=${variant%%|*}
  printf '| %s | %s | %s | %s |\n' "$name" "$(echo "${ms[$name]}" | median)" "$(echo ${ms[$name]})" \
    "$(( $(echo "${rss[$name]}" | median) / 1024 ))"
done

# sizes: installed packages in the Depends/Pre-Depends closure of the given packages
closure() {
  apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "$@" \
    2>/dev/null | grep -v -e '^ ' -e '^<' | sort -u \
    | while read -r p; do dpkg-query -W -f '${Status} ${Package}\n' "$p" 2>/dev/null || true; done \
    | awk '/install ok installed/ {print $4}' | sort -u
}
# prints "packages download_kib installed_kib" for package names on stdin
sizes() {
  local packages; packages=$(cat)
  [[ -n $packages ]] || { echo "0 0 0"; return; }
  local installed download
  installed=$(dpkg-query -W -f '${Installed-Size}\n' $packages | awk '{s+=$1} END{print s+0}')
  download=$(for p in $packages; do apt-cache show "$p=$(dpkg-query -W -f '${Version}' "$p")" 2>/dev/null \
    | awk '/^Size:/{print $2; exit}'; done | awk '{s+=$1} END{print int(s/1024)}')
  echo "$(echo "$packages" | wc -l) $download $installed"
}
mib() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
base=$(closure libgtk-3-0 libgl1)
deb=$(ls packaging/target/sotto_*.deb 2>/dev/null | head -1 || true)
sotto_deps=$(dpkg-query -W -f '${Depends}' sotto | sed 's/([^)]*)//g; s/|[^,]*//g; s/,/ /g')
read -r sn sd si < <(closure $sotto_deps | grep -vxF -f <(echo "$base") | sizes)
jsa=$(du -k --dereference $app/sotto.jsa | cut -f1)
echo
echo "| package | package size (MiB) | installed (MiB) | further packages beyond a GTK 3 desktop | their download (MiB) | their installed size (MiB) |"
echo "|---|---|---|---|---|---|"
printf '| sotto %s | %s | %s + %s (CDS archive written at install) | %s | %s | %s |\n' \
  "$(dpkg-query -W -f '${Version}' sotto)" "$( [[ -f $deb ]] && mib $(( $(stat -c %s "$deb") / 1024 )) || echo '?')" \
  "$(mib "$(dpkg-query -W -f '${Installed-Size}' sotto)")" "$(mib "$jsa")" "$sn" "$(mib "$sd")" "$(mib "$si")"
if dpkg-query -W -f '${Status}' dino-im 2>/dev/null | grep -q "install ok installed"; then
  read -r dn dd di < <(closure dino-im | grep -vxF -f <(echo "$base") | grep -vx dino-im | sizes)
  read -r _ own_d own_i < <(echo dino-im | sizes)
  printf '| dino-im %s | %s | %s | %s | %s | %s |\n' "$(dpkg-query -W -f '${Version}' dino-im)" "$(mib "$own_d")" \
    "$(mib "$own_i")" "$dn" "$(mib "$dd")" "$(mib "$di")"
fi
