#!/usr/bin/env bash
# Fuzzes each Jazzer @FuzzTest for a while (one at a time, niced), instead of only replaying its seeds as mvn test
# does. New corpus entries go to <module>/.cifuzz-corpus/ (ignored by git); a crashing input is written into the
# target's *Inputs directory under src/test/resources, where mvn test replays it from then on.
#
#   scripts/fuzz-long.sh                      every target, 5 minutes or 10 million executions each
#   scripts/fuzz-long.sh core:AesGcmUrlFuzzTest#aesgcmUrl ...   only these
#   FUZZ_DURATION=1h FUZZ_EXECUTIONS=0 scripts/fuzz-long.sh ... (0 = no limit on executions)
#
# Prints one line per target (executions, seconds, coverage and corpus size, result); the full libFuzzer output is in
# target/fuzz/<module>-<class>-<method>.log, Surefire's report of the run in target/fuzz/<…>-reports/.
set -uo pipefail
cd "$(dirname "$0")/.."

DURATION="${FUZZ_DURATION:-5m}"
EXECUTIONS="${FUZZ_EXECUTIONS:-10000000}"
# what coverage guides the fuzzer: our code and the parsers it calls
INSTRUMENT="org.sotto.**,org.jivesoftware.**,org.xmlpull.**,org.jxmpp.**,com.google.zxing.**,com.fasterxml.**,com.google.protobuf.**,org.bouncycastle.**"

ALL=(
  core:OmemoElementsFuzzTest#legacyEncrypted
  core:OmemoElementsFuzzTest#omemo2Encrypted
  core:OmemoElementsFuzzTest#legacyDeviceList
  core:OmemoElementsFuzzTest#omemo2DeviceList
  core:OmemoElementsFuzzTest#legacyBundle
  core:OmemoElementsFuzzTest#omemo2Bundle
  core:OmemoElementsFuzzTest#sceEnvelope
  core:TrustInputsFuzzTest#verificationUri
  core:TrustInputsFuzzTest#qrDecode
  core:AesGcmUrlFuzzTest#aesgcmUrl
  core:RegistrationFormFuzzTest#registrationForm
  crypto:Omemo2FuzzTest#keyElement
  crypto:Omemo2FuzzTest#payload
  crypto:Omemo03FuzzTest#keyElement
  crypto:Omemo03FuzzTest#payload
  store:ProfileHeaderFuzzTest#header
)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")

# a fuzzing run's Surefire report goes beside its log, and the module's reports of the full test run (which
# scripts/test-summary.sh adds up) are put back afterwards
kept=
restore_reports() { [[ -z $kept ]] || { rm -rf "$kept"; mv "$kept.kept" "$kept"; kept=; }; }
trap restore_reports EXIT

status=0
for target in "${TARGETS[@]}"; do
  module="${target%%:*}"
  test="${target#*:}"
  class="${test%%#*}"
  name="$module-$class-${test#*#}"
  log="target/fuzz/$name.log"
  mkdir -p target/fuzz
  reports="$module/target/surefire-reports"
  if [[ -d $reports ]]; then rm -rf "$reports.kept"; mv "$reports" "$reports.kept"; kept=$reports; fi
  start=$(date +%s)
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$DURATION" JAZZER_MAX_EXECUTIONS="$EXECUTIONS" JAZZER_INSTRUMENT="$INSTRUMENT" \
    nice -n 19 ./mvnw -B -o -q -pl "$module" -am test -Djazzer.hooks=true -Dtest="$test" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  result=$?
  rm -rf "target/fuzz/$name-reports"
  [[ -d $reports ]] && mv "$reports" "target/fuzz/$name-reports"
  restore_reports
  seconds=$(( $(date +%s) - start ))
  done_line=$(grep -h '^Done [0-9]* runs' "$log" 2>/dev/null | tail -1)
  corpus=$(grep -ho 'cov: [0-9]* ft: [0-9]* corp: [0-9]*/[0-9a-zA-Z]*' "$log" 2>/dev/null | tail -1)
  if [ $result -eq 0 ]; then verdict="no finding"; else verdict="FINDING or error (see $log)"; status=1; fi
  echo "$(date -u +%FT%TZ) $target: ${done_line:-no libFuzzer summary} (${seconds} s wall, ${corpus:-corp: ?}) $verdict"
done
exit $status
