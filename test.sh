#!/usr/bin/env bash
# Runs every test of every module: installs what the tests need first (Debian 12), then the Maven build.
# Extra arguments go to Maven, e.g. ./test.sh -pl store -am
set -uo pipefail
cd "$(dirname "$0")"
./scripts/setup-debian.sh test || exit $?
./mvnw -B verify "$@"
status=$?
# after a full build: every fuzz target fuzzed for a short while from its seeds (Maven only replays them;
# docs/fuzzing.md), then the Linux installers: the .deb end to end (build, dpkg -i, window under Xvfb, purge), then
# the .rpm that the same build made (contents, natives, requires, scripts); each skips with a message where it cannot
# run. All are left out when Maven was given arguments (a partial build).
if (( status == 0 && $# == 0 )); then
  FUZZ_DURATION="${FUZZ_DURATION:-10s}" FUZZ_EXECUTIONS=0 scripts/fuzz-long.sh || status=$?
  packaging/check-deb.sh || status=$?
  SOTTO_CHECK_RPM_SKIP_BUILD=1 packaging/check-rpm.sh || status=$?
fi
./scripts/test-summary.sh
exit $status
