#!/usr/bin/env bash
# Threshold-sweep benchmark: the cost of `--sweep` against one plain simulation of the same file.
# Generates N customer-triage cases (default 1,000,000) with an expected route per case, then times,
# best of three each (release build, file in the page cache):
#   plain:  dmap simulate MAP --cases FILE --expect expected --format json
#   sweep:  the same with --sweep all=0.02..1/0.02 (50 points) --target 'automated-error<=50%'
# and prints both and their ratio. Usage: scripts/bench-sweep.sh [N] [POINTS_STEP]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000000}"
step="${2:-0.02}"
swift build -c release --product dmap >/dev/null
dmap=.build/release/dmap
map=decision-maps/customer-triage.dmap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$dmap" cases generate "$map" --count "$count" --seed 1 --output "$tmp/generated.csv"
# An expected route per case, drawn from the map's routes, so agreement and automated errors count.
awk -F, 'BEGIN { srand(1); split("auto_resolve billing_team fraud_desk account_managers complaints_team triage_review supervisor", r, " ") }
         NR == 1 { print $0 ",expected"; next } { print $0 "," r[int(rand() * 7) + 1] }' "$tmp/generated.csv" > "$tmp/cases.csv"
cat "$tmp/cases.csv" > /dev/null
best() {
  local best=""
  for _ in 1 2 3; do
    local t
    t=$( { /usr/bin/time -f "%e" "$dmap" simulate "$map" --cases "$tmp/cases.csv" --expect expected --format json "$@" > "$tmp/out.json"; } 2>&1 | tail -1)
    if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; fi
  done
  echo "$best"
}
plain=$(best)
sweep=$(best --sweep "all=$step..1/$step" --target 'automated-error<=50%')
points=$(grep -c '"threshold":' "$tmp/out.json")
echo "$count cases: plain simulation $plain s; with a $points-point sweep $sweep s; ratio $(awk "BEGIN { printf \"%.2f\", $sweep / $plain }")"
