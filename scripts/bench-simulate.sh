#!/usr/bin/env bash
# Simulation benchmark, side by side in one run (release build, files in the page cache):
#
#   scripts/bench-simulate.sh [N ...]        (default: 1000000 10000000)
#
# For each N: generates N customer-triage cases (`dmap cases generate`, seed 1), then measures
#   - Python's csv.reader merely reading the same file (the yardstick of the issue),
#   - `dmap simulate … --format json` with --jobs 1 and --jobs 2 (wall time, peak memory, CPU),
#   - the ratio of the two, and of dmap to Python,
#   - `--jobs 1` on the same cases with two bad columns on every row (a capitalised `tier`, a
#     `confidence` of "n/a"): what invalid values cost,
#   - `dmap merge` of the two halves simulated apart with --partial, and whether its JSON report is
#     byte-identical to the one run's,
#   - allocations per case: malloc calls counted by a perf uprobe on libc's malloc, over N cases
#     minus over N/10 cases, divided by the difference (skipped when perf cannot probe).
# Each timing is the best of three.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dmap >/dev/null
dmap=.build/release/dmap
map=decision-maps/customer-triage.dmap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best() {  # best of three: wall seconds, peak KB, CPU
  local best="" line
  for _ in 1 2 3; do
    line=$( { /usr/bin/time -f "%e %M %P" "$@" > /dev/null; } 2>&1 | tail -1)
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
  done
  echo "$best"
}

malloc_probe=no
if command -v perf >/dev/null; then
  perf probe -x "$(ldconfig -p | awk '/libc.so.6 / { print $NF; exit }')" malloc >/dev/null 2>&1 || true
  if [ "$(perf probe -l 2>/dev/null | grep -c probe_libc:malloc)" -gt 0 ]; then malloc_probe=yes; fi
fi
mallocs() { perf stat -x, -e probe_libc:malloc "$@" 2>&1 >/dev/null | awk -F, '/malloc/ { print $1 }'; }

for count in ${@:-1000000 10000000}; do
  "$dmap" cases generate "$map" --count "$count" --seed 1 --output "$tmp/cases.csv"
  cat "$tmp/cases.csv" > /dev/null
  size=$(du -h "$tmp/cases.csv" | cut -f1)
  python=$(best python3 -c "import csv, sys
with open(sys.argv[1], newline='') as f:
    for row in csv.reader(f): pass" "$tmp/cases.csv")
  # Gaps make simulate exit 1; the report is written all the same.
  one=$(best sh -c "$dmap simulate $map --cases $tmp/cases.csv --format json --jobs 1 || [ \$? -eq 1 ]")
  two=$(best sh -c "$dmap simulate $map --cases $tmp/cases.csv --format json --jobs 2 || [ \$? -eq 1 ]")
  read -r pw _ _ <<< "$python"; read -r w1 m1 c1 <<< "$one"; read -r w2 m2 c2 <<< "$two"
  echo "$count cases ($size CSV):"
  echo "  python csv.reader (read only)  $pw s"
  echo "  dmap simulate --jobs 1         $w1 s, $m1 KB peak, $c1 CPU"
  echo "  dmap simulate --jobs 2         $w2 s, $m2 KB peak, $c2 CPU"
  awk -v p="$pw" -v a="$w1" -v b="$w2" 'BEGIN { printf "  --jobs 2 is %.2fx --jobs 1; dmap --jobs 2 takes %.2fx the time Python needs to read the file\n", a / b, b / p }'
  # The same cases with two bad columns on every row, as real exports have (`tier` capitalised,
  # `confidence` written "n/a"): two invalid values a row, each reported with its wording.
  python3 - "$tmp/cases.csv" "$tmp/dirty.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline='') as i, open(sys.argv[2], 'w', newline='') as o:
    rows, out = csv.reader(i), csv.writer(o, lineterminator='\n')
    header = next(rows)
    out.writerow(header)
    tier, confidence = header.index('tier'), header.index('confidence')
    for row in rows:
        row[tier], row[confidence] = row[tier].capitalize(), 'n/a'
        out.writerow(row)
PY
  dirty=$(best sh -c "$dmap simulate $map --cases $tmp/dirty.csv --format json --jobs 1 || [ \$? -eq 1 ]")
  read -r wd _ _ <<< "$dirty"
  awk -v a="$w1" -v d="$wd" 'BEGIN { printf "  dmap simulate --jobs 1, two bad columns on every row: %s s (%.2fx the clean file)\n", d, d / a }'
  # Two halves simulated apart and merged (`--partial`, `dmap merge`) against the one run.
  half=$((count / 2))
  head -n $((half + 1)) "$tmp/cases.csv" > "$tmp/first.csv"
  { head -n 1 "$tmp/cases.csv"; tail -n +$((half + 2)) "$tmp/cases.csv"; } > "$tmp/second.csv"
  "$dmap" simulate $map --cases "$tmp/cases.csv" --format json > "$tmp/one.json" || [ $? -eq 1 ]
  "$dmap" simulate $map --cases "$tmp/first.csv" --partial "$tmp/first.part" > /dev/null || [ $? -eq 1 ]
  "$dmap" simulate $map --cases "$tmp/second.csv" --partial "$tmp/second.part" > /dev/null || [ $? -eq 1 ]
  merge=$(best sh -c "$dmap merge $tmp/first.part $tmp/second.part --source $tmp/cases.csv --format json > $tmp/merged.json || [ \$? -eq 1 ]")
  same=$(cmp -s "$tmp/one.json" "$tmp/merged.json" && echo "byte-identical to the one run" || echo "DIFFERENT from the one run")
  echo "  dmap merge of the two halves    ${merge%% *} s (parts of $(du -h "$tmp/first.part" | cut -f1) and $(du -h "$tmp/second.part" | cut -f1)); JSON report $same"
  if [ "$malloc_probe" = yes ]; then
    head -n $((count / 10 + 1)) "$tmp/cases.csv" > "$tmp/tenth.csv"
    all=$(mallocs sh -c "$dmap simulate $map --cases $tmp/cases.csv --format json || true")
    tenth=$(mallocs sh -c "$dmap simulate $map --cases $tmp/tenth.csv --format json || true")
    awk -v a="$all" -v t="$tenth" -v n="$count" 'BEGIN { printf "  allocations per case: %.4f (malloc calls: %d for all cases, %d for a tenth)\n", (a - t) / (n - n / 10), a, t }'
  fi
done
