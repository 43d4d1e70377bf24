#!/usr/bin/env bash
# Adds up the Surefire reports of all modules into one closing summary line.
cd "$(dirname "$0")/.."
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml)
if (( ${#reports[@]} == 0 )); then
  echo "Tests run: 0, Failures: 0, Errors: 0, Skipped: 0 (no Surefire reports found)"
  echo "0 passed, 0 failed"
  exit 0
fi
awk '
  /<testsuite / {
    for (i = 1; i <= NF; i++) {
      if (match($i, /^(tests|failures|errors|skipped)="[0-9]+"/)) {
        split($i, kv, "\""); name = substr($i, 1, index($i, "=") - 1); total[name] += kv[2]
      }
    }
  }
  END {
    failed = total["failures"] + total["errors"]
    printf "Total over all modules -- Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n", total["tests"], total["failures"], total["errors"], total["skipped"]
    printf "%d passed, %d failed, %d skipped\n", total["tests"] - failed - total["skipped"], failed, total["skipped"]
  }' "${reports[@]}"
