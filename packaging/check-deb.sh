#!/usr/bin/env bash
# Checks the Linux installer end to end, as a user gets it: builds the .deb (-Ppackage), installs it with dpkg,
# checks the desktop entry and AppStream metainfo, starts the installed /usr/bin/sotto under Xvfb until its window
# shows (screenshot: packaging/target/check/window.png), opens an xmpp: URI through the desktop entry's Exec line,
# then purges the package and checks that nothing is left behind: no packaged file, and in the (temporary) home
# nothing but GTK's dconf cache, Sotto's Java preferences and, where rpm is installed, the per-user database that
# jpackage's launcher makes it create (both said in a note; the profile is not created by a start that is not
# unlocked). While Sotto runs, every native library it maps must come from the installed image or the system, and it
# must have nothing in /tmp.
# test.sh runs it after the Maven build; it skips with a message (exit 0) where it cannot run: not Linux/Debian,
# not root, no Xvfb, no jlink/jpackage, or a sotto package already installed that it must not replace.
#   SOTTO_CHECK_DEB_SKIP_BUILD=1   use the .deb already in packaging/target
#   SOTTO_MAVEN_ARGS=-o            extra arguments for the Maven build (e.g. offline)
set -uo pipefail
cd "$(dirname "$0")/.."
out=packaging/target/check
skip() { echo "check-deb: skipped: $*"; exit 0; }
fail() { echo "check-deb: FAILED: $*" >&2; cleanup; exit 1; }

[[ $(uname -s) == Linux ]] || skip "not Linux"
command -v dpkg >/dev/null || skip "no dpkg (not Debian)"
(( $(id -u) == 0 )) || skip "not root (dpkg -i needs root)"
for tool in Xvfb xwininfo xprop jlink jpackage; do command -v $tool >/dev/null || skip "no $tool"; done
if dpkg-query -W -f='${Status}' sotto 2>/dev/null | grep -q "install ok installed"; then
  skip "a sotto package is already installed here; remove it first (dpkg -P sotto)"
fi

xvfb_pid= app_pid= home=
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
  if dpkg-query -W -f='${Status}' sotto 2>/dev/null | grep -q installed; then dpkg -P sotto >/dev/null 2>&1; fi
  [[ -n $home ]] && rm -rf "$home"
}
trap cleanup EXIT
rm -rf "$out" && mkdir -p "$out"

if [[ -z ${SOTTO_CHECK_DEB_SKIP_BUILD:-} ]]; then
  echo "check-deb: building the .deb"
  ./mvnw -B -q ${SOTTO_MAVEN_ARGS:-} -pl packaging -am package -Ppackage -DskipTests > "$out/build.log" 2>&1 \
    || { tail -30 "$out/build.log"; fail "build (log: $out/build.log)"; }
fi
deb=$(ls packaging/target/sotto_*.deb 2>/dev/null | head -1)
[[ -f $deb ]] || fail "no packaging/target/sotto_*.deb"

echo "check-deb: installing $deb ($(du -k "$deb" | cut -f1) KiB)"
dpkg -i "$deb" > "$out/dpkg-install.log" 2>&1 || { cat "$out/dpkg-install.log"; fail "dpkg -i"; }
dpkg -L sotto > "$out/files"
desktop=/usr/share/applications/org.sotto.Sotto.desktop
metainfo=/usr/share/metainfo/org.sotto.Sotto.metainfo.xml
for file in /usr/bin/sotto /opt/sotto/bin/sotto $desktop $metainfo /usr/share/icons/hicolor/16x16/apps/org.sotto.Sotto.png \
            /usr/share/doc/sotto/copyright /usr/share/man/man1/sotto.1.gz /opt/sotto/lib/app/libsignal_jni.so; do
  [[ -e $file ]] || fail "$file not installed"
done
if ls /opt/sotto/lib/app | grep -i -e testkit -e junit -e testfx; then fail "test code in the installed app"; fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate $desktop || fail "desktop-file-validate $desktop"
else echo "check-deb: no desktop-file-validate (desktop-file-utils), desktop entry not validated"; fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net $metainfo > "$out/appstream.log" 2>&1 || { cat "$out/appstream.log"; fail "appstreamcli validate"; }
else echo "check-deb: no appstreamcli (appstream), metainfo not validated"; fi
sotto --help | grep -q "Usage: sotto" || fail "sotto --help"
sotto --version | grep -q "^Sotto " || fail "sotto --version"
if command -v man >/dev/null; then
  man -l /usr/share/man/man1/sotto.1.gz 2>&1 >/dev/null | grep . && fail "man sotto warns"
  [[ $(MANWIDTH=80 man -l /usr/share/man/man1/sotto.1.gz 2>/dev/null) == *"sotto - end-to-end encrypted chat"* ]] || fail "man sotto"
fi
# demo mode needs testkit, which the installers leave out: the installed sotto says so instead of failing
sotto --demo > "$out/demo.log" 2>&1 && fail "sotto --demo started without testkit"
grep -q "demo mode is not part of this installation" "$out/demo.log" || { cat "$out/demo.log"; fail "sotto --demo"; }

display=:$(( 90 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp > "$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do DISPLAY=$display xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
home=$(mktemp -d /tmp/sotto-check-home.XXXXXX)

# waits for Sotto's window (its WM_CLASS is the desktop entry's StartupWMClass); prints its id
window() {
  local class
  class=$(sed -n 's/^StartupWMClass=//p' $desktop)
  for _ in $(seq 600); do
    id=$(DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep "(\"$class\"" | grep -v ' 1x1+' | awk '{print $1}' | head -1)
    [[ -n $id ]] && { echo "$id"; return 0; }
    kill -0 "$app_pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

echo "check-deb: starting /usr/bin/sotto under Xvfb"
start=$(date +%s%N)
# Java takes user.home from the password database, not from $HOME
HOME=$home JAVA_TOOL_OPTIONS="-Duser.home=$home" DISPLAY=$display /usr/bin/sotto > "$out/sotto.log" 2>&1 &
app_pid=$!
id=$(window) || { cat "$out/sotto.log"; fail "no window within 30 s"; }
echo "check-deb: window $id after $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep 1
# every native library is loaded from the installed image or the system, none from a temporary copy
awk '$6 ~ /\.so/ {print $6}' /proc/$app_pid/maps | sort -u > "$out/maps"
grep -q '^/opt/sotto/lib/runtime/lib/libglassgtk3.so$' "$out/maps" || fail "JavaFX's libraries not loaded from the image"
if grep -v -e '^/opt/sotto/' -e '^/usr/lib/' -e '^/lib/' "$out/maps"; then fail "native libraries loaded from elsewhere"; fi
if [[ -f /opt/sotto/lib/app/sotto.classlist ]]; then   # AppCDS: postinst dumped the archive and the JVM maps it
  [[ -f /opt/sotto/lib/app/sotto.jsa ]] || fail "postinst dumped no AppCDS archive"
  grep -q '^/opt/sotto/lib/app/sotto.jsa$' <(awk '{print $6}' /proc/$app_pid/maps | sort -u) \
    || fail "the AppCDS archive is not used"
fi
# nothing of Sotto's in /tmp: no performance data file (-XX:-UsePerfData), no open file there
[[ ! -e /tmp/hsperfdata_$(id -un)/$app_pid ]] || fail "the JVM writes /tmp/hsperfdata_$(id -un)/$app_pid"
if ls -l /proc/$app_pid/fd | awk '$9 > 2' | grep ' /tmp/' | grep -v " $home/"; then fail "files open in /tmp"; fi
# (not `xprop | grep -q`: grep's early exit would end xprop with SIGPIPE, a failed pipeline under pipefail)
has_icon() { [[ $(DISPLAY=$display xprop -id "$id" _NET_WM_ICON 2>/dev/null | head -c 40) == *"_NET_WM_ICON(CARDINAL)"* ]]; }
for _ in $(seq 50); do has_icon && break; sleep 0.1; done
has_icon || fail "the window has no icon"
if command -v import >/dev/null; then DISPLAY=$display import -window root "$out/window.png"; fi
kill "$app_pid"; wait "$app_pid" 2>/dev/null; app_pid=

exec_line=$(sed -n 's/^Exec=//p' $desktop)
uri='xmpp:bob@example.org?message'
echo "check-deb: ${exec_line/\%u/$uri}"
HOME=$home JAVA_TOOL_OPTIONS="-Duser.home=$home" DISPLAY=$display ${exec_line/\%u/$uri} > "$out/sotto-uri.log" 2>&1 &
app_pid=$!
id=$(window) || { cat "$out/sotto-uri.log"; fail "no window for $uri"; }
sleep 1
if command -v import >/dev/null; then DISPLAY=$display import -window root "$out/window-uri.png"; fi
kill "$app_pid"; wait "$app_pid" 2>/dev/null; app_pid=
kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null; xvfb_pid=

echo "check-deb: purging"
dpkg -P sotto > "$out/dpkg-purge.log" 2>&1 || { cat "$out/dpkg-purge.log"; fail "dpkg -P"; }
left=$(while read -r path; do [[ -f $path || -L $path ]] && echo "$path"; done < "$out/files")
[[ -z $left ]] || fail "left behind after purge: $left"
[[ ! -e /opt/sotto ]] || fail "/opt/sotto left behind"
[[ ! -e $home/.java ]] || fail "Sotto wrote Java preferences to ~/.java, outside its own directory"
# jpackage's launcher asks rpm and dpkg at every start which package owns it; Debian's rpm (installed for the .rpm)
# keeps its database in ~/.rpmdb and creates it there
if [[ -d $home/.rpmdb ]]; then
  echo "check-deb: note: jpackage's launcher ran rpm -qf, which created ~/.rpmdb (Debian's rpm keeps its database in the home)"
fi
extra=$(cd "$home" && find . -mindepth 1 -not -path './.cache' -not -path './.cache/dconf*' -not -path './.sotto*' -not -path './.rpmdb*' \
  )
[[ -z $extra ]] || fail "written into the home outside the profile: $extra"
echo "check-deb: passed ($(basename "$deb"), installed $(dpkg-deb -f "$deb" Installed-Size) KiB; screenshots in $out)"
