#!/usr/bin/env bash
# Fuzzes dmap with libFuzzer (swiftc -sanitize=fuzzer,address):
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 seconds, shared by all targets)
#   FUZZ_RUNS=10000000 scripts/fuzz.sh 36000 json   (stop each target after that many executions)
#   FUZZ_ASAN=0 scripts/fuzz.sh 600 map      (without AddressSanitizer: 2-3x the executions a second)
#   FUZZ_CORPUS=DIR scripts/fuzz.sh ...       (grow each target's corpus in DIR/corpus-TARGET and keep it)
#   FUZZ_TIMEOUT=300 scripts/fuzz.sh ...      (seconds before an input counts as a hang; default 10)
#   FUZZ_FORK=2 scripts/fuzz.sh ...           (libFuzzer's -fork=2: two processes share the corpus,
#                                              and the executions are counted over both; inputs
#                                              grow to the 4 KB limit at once, see below)
#
# Targets (Tests/DecisionMapTests/FuzzTargets.swift): map (parse, check, lint), format (round trip:
# a map that checks formats to one that checks, idempotently, deciding every case the same),
# csv and jsonl (case files: accounting, partial reports read back as written, and parallel =
# sequential CSV reading), json (the JSON
# parser round trip), router (routing, tracing, the threshold probe and the case table agree). The library sources
# and the targets are compiled into one fuzzing binary; each target starts from its committed
# corpus in Tests/DecisionMapTests/Fixtures/fuzz/TARGET. A crash is copied into that corpus (so
# `swift test` runs it from then on) and the script exits 1. Prints, per target, executions,
# coverage and findings.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(map format csv jsonl json router)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src"
for module in DecisionMap DecisionMapSimulation DecisionMapAnalysis; do
  for file in $(find "Sources/$module" -name '*.swift'); do
    sed -E '/^(@testable )?import (DecisionMap|DecisionMapSimulation|DecisionMapAnalysis)$/d' "$file" > "$work/src/${module}_$(basename "$file")"
  done
done
sed -E '/^(@testable )?import (DecisionMap|DecisionMapSimulation|DecisionMapAnalysis)$/d' Tests/DecisionMapTests/FuzzTargets.swift > "$work/src/FuzzTargets.swift"
cat > "$work/src/Entry.swift" <<'SWIFT'
import Foundation
let fuzzTarget = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "map"
@_cdecl("LLVMFuzzerTestOneInput") public func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzTargets.run(fuzzTarget, count == 0 ? [] : Array(UnsafeBufferPointer(start: start, count: count)))
    return 0
}
SWIFT
sanitizers=fuzzer,address
[ "${FUZZ_ASAN:-1}" = 0 ] && sanitizers=fuzzer
echo "fuzz: building (swiftc -O -sanitize=$sanitizers)…"
if ! swiftc -parse-as-library -package-name dmap -module-name DmapFuzz -O -sanitize=$sanitizers "$work"/src/*.swift -o "$work/fuzz" 2> "$work/build.log"; then
  grep -E "error" "$work/build.log" | head -20
  exit 2
fi

# Swift's crash backtracer installs a SIGILL handler at start-up, and libFuzzer then leaves SIGILL
# alone: a Swift trap (a broken invariant's fatalError, an index out of range) killed the fuzzer
# without saving the input. Without the backtracer, libFuzzer reports it and keeps the input.
export SWIFT_BACKTRACE=enable=no
# libFuzzer tries short inputs first and lets them grow the longer a process runs. Under -fork
# each job is a fresh process that runs for under a minute, so inputs hardly grew (a csv run of
# 10^7 executions ended with none over 170 bytes): there they may be up to -max_len at once.
fork_flags=()
[ -n "${FUZZ_FORK:-}" ] && fork_flags=(-fork="$FUZZ_FORK" -len_control=0)
per=$(( seconds / ${#targets[@]} ))
[ "$per" -ge 1 ] || per=1
status=0
for target in "${targets[@]}"; do
  corpus="Tests/DecisionMapTests/Fixtures/fuzz/$target"
  grown="${FUZZ_CORPUS:-$work}/corpus-$target"
  mkdir -p "$grown" "$work/crashes"
  ASAN_OPTIONS=detect_leaks=0 FUZZ_TARGET=$target "$work/fuzz" "$grown" "$corpus" -max_total_time="$per" -runs="${FUZZ_RUNS:--1}" -max_len=4096 -rss_limit_mb=2048 \
    -timeout="${FUZZ_TIMEOUT:-10}" -detect_leaks=0 -artifact_prefix="$work/crashes/$target-" -print_final_stats=1 \
    "${fork_flags[@]}" > "$work/$target.log" 2>&1
  code=$?
  if [ -n "${FUZZ_FORK:-}" ]; then   # the parent counts every process's executions on its "#N:" lines
    runs=$(grep -oE "^#[0-9]+:" "$work/$target.log" | tr -d '#:' | tail -1)
  else
    runs=$(grep -E "^stat::number_of_executed_units" "$work/$target.log" | awk '{ print $2 }' | tail -1)
  fi
  cov=$(grep -oE "cov: [0-9]+ ft: [0-9]+" "$work/$target.log" | tail -1)
  found=$(ls "$work/crashes" 2>/dev/null | grep -c "^$target-")
  echo "fuzz $target: ${runs:-0} executions, ${cov:-no coverage}, $found findings (exit $code)"
  # 0: done; 72: interrupted. Anything else without a saved input is a failure all the same: keep
  # the log, which holds the reason.
  if [ "$code" -ne 0 ] && [ "$code" -ne 72 ] && [ "$found" -eq 0 ]; then
    mkdir -p .build && cp "$work/$target.log" ".build/fuzz-$target.log"
    echo "  the fuzzer stopped (exit $code) without saving an input; its log: .build/fuzz-$target.log"
    status=1
  fi
  for crash in $(ls "$work/crashes" 2>/dev/null | grep "^$target-"); do
    cp "$work/crashes/$crash" "$corpus/$crash"
    echo "  added $corpus/$crash; the reason:"
    grep -E "fuzz invariant broken|Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer" "$work/$target.log" | head -3 | sed 's/^/    /'
    status=1
  done
  rm -f "$work/crashes/$target-"*
done
exit $status
