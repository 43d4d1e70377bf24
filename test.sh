#!/usr/bin/env bash
# Runs every test of every module: installs what the tests need first (Debian 12), then the Maven build.
# Extra arguments go to Maven, e.g. ./test.sh -pl store -am
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup-debian.sh test
exec ./mvnw -B verify "$@"
