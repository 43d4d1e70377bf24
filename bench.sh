#!/usr/bin/env bash
# Runs every benchmark and writes the figures, with date, machine and command, into docs/benchmarks.md.
# Arguments (optional) are JMH include patterns, e.g. ./bench.sh Store
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup-debian.sh test
./mvnw -B -q -DskipTests -Pbenchmarks -pl benchmarks -am package
# JMH's forks inherit this JVM's arguments, so they load libsignal's native library from there too
java -Djava.library.path="$PWD/libsignal/target/native" -jar benchmarks/target/benchmarks.jar "$@"
