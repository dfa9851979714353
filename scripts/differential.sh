#!/usr/bin/env bash
# The lint analysis against brute force on many random maps (see
# Tests/DecisionMapAnalysisTests/DifferentialTests.swift): every case of each map is routed by the
# real router and must end as the analysis says; every gap, conflict, dead rule and high-risk
# automated region must be exactly what the enumeration sees; every map must be analysed exactly.
#
#   scripts/differential.sh [MAPS] [SEED]     (default: 10000 maps, seed 1)
#
# Prints the counts (maps, cases, regions, findings by kind). On a disagreement it prints the
# failures and the map, and exits 1.
set -uo pipefail
cd "$(dirname "$0")/.."
maps="${1:-10000}"
seed="${2:-1}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
DMAP_DIFFERENTIAL_MAPS="$maps" DMAP_DIFFERENTIAL_SEED="$seed" swift test --filter DifferentialTests > "$log" 2>&1
status=$?
grep -E "^differential:" "$log"
if [ "$status" -ne 0 ]; then
    grep -E "error:" "$log" | head -20
    sed -n '/^--- random map/,/^differential:/p' "$log"
    exit 1
fi
echo "0 disagreements in $maps maps (seed $seed)"
