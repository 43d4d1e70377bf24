#!/usr/bin/env bash
# Runs every benchmark and writes the figures, with date, machine and command, into docs/benchmarks.md.
# Arguments (optional) are JMH include patterns, e.g. ./bench.sh Store
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup-debian.sh test
./mvnw -B -q -DskipTests -Pbenchmarks -pl benchmarks -am package
java -jar benchmarks/target/benchmarks.jar "$@"
