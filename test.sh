#!/usr/bin/env bash
# Runs every test of every module: installs what the tests need first (Debian 12), then the Maven build.
# Extra arguments go to Maven, e.g. ./test.sh -pl store -am
set -uo pipefail
cd "$(dirname "$0")"
./scripts/setup-debian.sh test || exit $?
./mvnw -B verify "$@"
status=$?
./scripts/test-summary.sh
exit $status
