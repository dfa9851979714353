#!/usr/bin/env bash
# Simulation benchmark: N generated customer-triage cases, CSV file to finished JSON report,
# wall time and peak memory (release build). Usage: scripts/bench-simulate.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dmap >/dev/null
dmap=.build/release/dmap
map=decision-maps/customer-triage.dmap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in "${@:-1000000 10000000}"; do
  for count in $n; do
    "$dmap" cases generate "$map" --count "$count" --seed 1 --output "$tmp/cases.csv"
    cat "$tmp/cases.csv" > /dev/null  # warm the page cache: measure dmap, not the disk
    size=$(du -h "$tmp/cases.csv" | cut -f1)
    /usr/bin/time -f "$count cases ($size CSV): %e s wall, %M KB peak memory, %P CPU" \
      "$dmap" simulate "$map" --cases "$tmp/cases.csv" --format json > "$tmp/report.json" || true
    grep -m1 -A3 '"cases": {' "$tmp/report.json" | tr -d ' \n'; echo
  done
done
