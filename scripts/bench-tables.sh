#!/usr/bin/env bash
# Routing speed of large decision tables (release build): `dmap bench route` on the bundled triage
# map, and on generated rate tables of 3,700 and 100,000 rules (a `first` grid over three
# enumerations and weight bands, with 100 override rows first that cut across it: a region, a
# weight range, sometimes an amount), with the
# tables' index and, for comparison, without it (`--scan`: every rule read in order).
#
#   scripts/bench-tables.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dmap >/dev/null
dmap=.build/release/dmap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for rules in 3700 100000; do
  python3 - "$rules" > "$tmp/rates-$rules.dmap" <<'PY'
import random, sys
random.seed(1)
total = int(sys.argv[1])
# Short names keep 100,000 rules under the 8 MB map limit.
regions = ["r%d" % i for i in range(10)]; products = ["p%d" % i for i in range(5)]; tiers = ["gold", "silver", "bronze"]
bands = (total - 100) // (len(regions) * len(products) * len(tiers))
width = 100000 // bands
print('map "Rates %d"' % total)
print("inputs\n  g  one of %s\n  p  one of %s\n  t  one of %s\n  w  number 0..100000\n  a  number 0..10000" % (", ".join(regions), ", ".join(products), ", ".join(tiers)))
print('segments\n  all risk low otherwise\nroutes\n  std automated\n  red automated\n  desk team "Rates desk"  sla 4h  owner "Pricing lead"')
print("decide rate (first)")
for _ in range(100):
    low = random.randrange(0, 100000 - 3 * width)
    extra = " and a >= %d" % random.randrange(0, 10000) if random.random() < 0.3 else ""
    print("  when g is %s and w >= %d and w < %d%s -> desk" % (random.choice(regions), low, low + random.randrange(width, 3 * width), extra))
for r in regions:
    for p in products:
        for t in tiers:
            for b in range(bands):
                upper = "w < %d" % ((b + 1) * width) if b + 1 < bands else "w <= 100000"
                print("  when g is %s and p is %s and t is %s and w >= %d and %s -> %s" % (r, p, t, b * width, upper, "std" if (b + len(p)) % 3 else "red"))
print("  otherwise -> desk")
PY
done
bench() {  # bench LABEL MAP COUNT [OPTION]
  local label=$1 map=$2 count=$3
  shift 3
  local line
  line=$("$dmap" bench route "$map" --count "$count" "$@" 2>/dev/null | grep -E "^rate:")
  printf '  %-46s %s\n' "$label" "$(echo ${line#rate:})"
}
echo "dmap bench route, one core (release build; 2,000,000 cases, fewer for the slow scans):"
bench "customer-triage (bundled)" decision-maps/customer-triage.dmap 2000000
for rules in 3700 100000; do
  start=$(date +%s.%N)
  "$dmap" check "$tmp/rates-$rules.dmap" > /dev/null 2>&1
  printf '  %-46s %.2f s\n' "rate table, $rules rules: dmap check" "$(echo "$(date +%s.%N) - $start" | bc)"
  bench "rate table, $rules rules, indexed" "$tmp/rates-$rules.dmap" 2000000
  bench "rate table, $rules rules, scanned (--scan)" "$tmp/rates-$rules.dmap" $((200000000 / rules / 100)) --scan
done
