#!/usr/bin/env bash
# Installs what Sotto needs on Debian 12, and nothing that is already there (a second run installs nothing).
#   setup-debian.sh run    JDK 17 and the libraries a JavaFX window needs, Prosody for demo mode
#   setup-debian.sh test   the above plus what the tests use: Xvfb, the python-omemo peer, the installer check's tools
set -euo pipefail
mode=${1:-run}

# binutils: strip takes libsignal's native library from 97 to 12 MB at build time (the build works without it)
# fonts-noto-color-emoji: the pictures the window shows for emoji (JavaFX cannot draw the font itself);
# fonts-symbola: monochrome emoji glyphs where a picture cannot go (the composer), instead of blanks
run_packages=(openjdk-17-jdk-headless binutils libgtk-3-0 libgl1 libxtst6 prosody fonts-noto-color-emoji fonts-symbola)
# zip/unzip, x11-utils (xwininfo, xprop), desktop-file-utils, appstream: packaging/check-deb.sh builds and checks the .deb;
# rpm (rpmbuild): the same build makes the .rpm, which packaging/check-rpm.sh checks
# dbus (dbus-daemon): the app's "follow the system" theme test starts a private session bus
test_packages=(xvfb python3-omemo python3-oldmemo python3-twomemo python3-slixmpp python3-xmlschema
               zip unzip x11-utils desktop-file-utils appstream rpm dbus)

case "$mode" in
  run) wanted=("${run_packages[@]}") ;;
  test) wanted=("${run_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

java_ok() {
  command -v javac >/dev/null 2>&1 || return 1
  local version
  version=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
  [[ "$version" =~ ^[0-9]+$ ]] && (( version >= 17 ))
}

missing=()
for package in "${wanted[@]}"; do
  if [[ "$package" == openjdk-17-jdk-headless ]] && java_ok; then
    continue # any JDK 17 or newer will do
  fi
  installed "$package" || missing+=("$package")
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Sotto's setup needs Debian's apt-get to install: ${missing[*]}" >&2
  echo "Install the equivalent packages with your system's package manager and run again." >&2
  exit 1
fi

sudo=()
if (( $(id -u) != 0 )); then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Not root and no sudo: install these packages as root, then run again: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "Installing with apt-get: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"

# Sotto starts its own throwaway Prosody (tests, demo mode); the system-wide service the package enables
# is not needed, so a Prosody installed here does not stay running on port 5222.
if [[ " ${missing[*]} " == *" prosody "* ]] && command -v systemctl >/dev/null 2>&1 \
   && systemctl is-enabled prosody >/dev/null 2>&1; then
  echo "Disabling the system-wide Prosody service that the package enabled (Sotto runs its own)."
  "${sudo[@]}" systemctl disable --now prosody >/dev/null 2>&1 || true
fi
