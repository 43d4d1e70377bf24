#!/usr/bin/env bash
# Measures the installed Sotto's start-up under Xvfb: milliseconds from exec to its window, and its resident memory
# 2 s later, median of N runs (default 7) for each variant, interleaved. Needs root (it swaps the installed AppCDS
# archive for the runtime's own for one variant and puts it back), Xvfb and x11-utils; installs the .deb from
# packaging/target when Sotto is not installed (and purges it afterwards). Prints a Markdown table for
# docs/benchmarks.md.   Usage: packaging/measure-startup.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
app=/opt/sotto/lib/app
installed_here=
if [[ ! -x /opt/sotto/bin/sotto ]]; then
  dpkg -i packaging/target/sotto_*.deb >/dev/null
  installed_here=1
fi
display=:$(( 300 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
mv $app/sotto.jsa $app/sotto.jsa.measured
restore() {
  rm -f $app/sotto.jsa; mv $app/sotto.jsa.measured $app/sotto.jsa
  kill $xvfb 2>/dev/null || true
  [[ -z $installed_here ]] || dpkg -P sotto >/dev/null
}
trap restore EXIT
sleep 1

# one start: prints "ms rss_kib"
start() {
  local opts=$1 home pid began id=
  home=$(mktemp -d)
  began=$(date +%s%N)
  if [[ -n $opts ]]; then
    HOME=$home DISPLAY=$display JAVA_TOOL_OPTIONS=$opts /usr/bin/sotto >/dev/null 2>&1 &
  else
    HOME=$home DISPLAY=$display /usr/bin/sotto >/dev/null 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1500); do
    [[ $(DISPLAY=$display xwininfo -root -tree 2>/dev/null) == *'"org.sotto.app.SottoApplication"'* ]] && break
    sleep 0.02
  done
  local ms=$(( ($(date +%s%N) - began) / 1000000 ))
  sleep 2
  local rss
  rss=$(awk '/^VmRSS/{print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$home"
  echo "$ms $rss"
}

variants=("AppCDS (as installed)|appcds|" "runtime's CDS archive only|runtime|" "no CDS (-Xshare:off)|appcds|-Xshare:off"
          "AppCDS, -XX:+UseSerialGC|appcds|-XX:+UseSerialGC" "AppCDS, -XX:+UseSerialGC -Xmx256m|appcds|-XX:+UseSerialGC -Xmx256m")
declare -A ms rss
for _ in $(seq "$runs"); do
  for variant in "${variants[@]}"; do
    IFS='|' read -r name archive opts <<< "$variant"
    rm -f $app/sotto.jsa
    if [[ $archive == appcds ]]; then ln -s sotto.jsa.measured $app/sotto.jsa
    else ln -s ../runtime/lib/server/classes.jsa $app/sotto.jsa; fi
    read -r m r < <(start "$opts")
    ms[$name]+="$m "; rss[$name]+="$r "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "| variant | start to window, median of $runs (ms) | all runs (ms) | resident memory 2 s later, median (MiB) |"
echo "|---|---|---|---|"
for variant in "${variants[@]}"; do
  name=${variant%%|*}
  printf '| %s | %s | %s | %s |\n' "$name" "$(echo "${ms[$name]}" | median)" "${ms[$name]% }" \
    "$(( $(echo "${rss[$name]}" | median) / 1024 ))"
done
