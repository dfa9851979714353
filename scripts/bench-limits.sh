#!/usr/bin/env bash
# Resource tests: inputs at and past dmap's limits, each answered within seconds and 200 MB
# (release build). Prints the wall time, peak memory and exit status of every run, and exits 1
# if one took longer than 10 s, more than 200 MB, crashed, or gave the wrong status.
#
#   scripts/bench-limits.sh
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dmap >/dev/null || exit 2
dmap=$PWD/.build/release/dmap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

python3 - <<'PY'
head = 'map "limits"\ninputs\n  x number 0..100000\n  y one of a, b, c\nsegments\n  s risk low otherwise\nroutes\n  r automated\n  q automated\n'
def write(name, text): open(name, 'w').write(text)
# 20,000 rules, one per value, and a unique table of the same.
write('rules-first.dmap', head + 'decide d (first)\n' + ''.join(f'  when x = {i} and y is a -> r\n' for i in range(20000)) + '  otherwise -> q\n')
write('rules-unique.dmap', head + 'decide d (unique)\n' + ''.join(f'  when x >= {i} and x < {i + 1} -> r\n' for i in range(20000)) + '  when x >= 20000 -> q\n')
# 20,000-term conditions, with or and with and.
write('or.dmap', head + 'decide d (first)\n  when ' + ' or '.join(f'x = {i}' for i in range(20000)) + ' -> r\n  otherwise -> q\n')
write('and.dmap', head + 'decide d (first)\n  when ' + ' and '.join(f'x != {i}' for i in range(20000)) + ' -> r\n  otherwise -> q\n')
# The same misspelling 2,000 times in one rule.
write('typos.dmap', head + 'decide d (first)\n  when ' + ' or '.join(f'z = {i}' for i in range(2000)) + ' -> r\n  otherwise -> q\n')
# 100,000-deep parentheses, and a chain of 20,000 named conditions.
write('parens.dmap', head + 'decide d (first)\n  when ' + '(' * 100000 + 'x > 1' + ')' * 100000 + ' -> r\n  otherwise -> q\n')
write('chain.dmap', head.replace('segments', 'conditions\n' + ''.join(f'  c{i} when c{i + 1}\n' for i in range(20000)) + '  c20000 when x > 1\nsegments') + 'decide d (first)\n  when c0 -> r\n  otherwise -> q\n')
# A 1,000-term rule among 4,000 short ones: formatting must not pad them all.
write('pad.dmap', head + 'decide d (first)\n  when ' + ' or '.join(f'x = {i}' for i in range(1000)) + ' -> r\n' + ''.join(f'  when x = {i + 5000} -> r\n' for i in range(4000)) + '  otherwise -> q\n')
# A CSV whose stray quote swallows rows.
rows = ['id,y,x'] + [f'{i},a,{i}' for i in range(1, 200001)]
for i in range(10, 200000, 500): rows[i] = f'{i},a,"{i}'; rows[i + 3] = rows[i + 3] + '"'
write('stray.csv', '\n'.join(rows) + '\n')
PY
printf 'map "s"\ninputs\n  y one of a, b\n  x number 0..1000000\nsegments\n  s risk low otherwise\nroutes\n  r automated\ndecide d (first)\n  otherwise -> r\n' > stray.dmap

failed=0
run() {  # run EXPECTED_STATUS LABEL COMMAND...
  local expected=$1 label=$2
  shift 2
  local status wall kb
  /usr/bin/time -o "$tmp/time.txt" -f "%e %M" "$@" > "$tmp/out.txt" 2> "$tmp/err.txt"
  status=$?
  read -r wall kb <<< "$(tail -1 "$tmp/time.txt")"
  local verdict=ok
  if [ "$status" != "$expected" ] || awk -v w="$wall" -v k="$kb" 'BEGIN { exit !(w > 10 || k > 200 * 1024) }'; then verdict=FAILED; failed=1; fi
  printf '  %-58s %6.2f s %7d KB  exit %s (expected %s)  %s\n' "$label" "$wall" "$kb" "$status" "$expected" "$verdict"
}
echo "limits (release build):"
run 0 "check: 20,000-rule first table" "$dmap" check rules-first.dmap
run 0 "lint: 20,000-rule first table" "$dmap" lint rules-first.dmap
run 0 "check: 20,000-rule unique table" "$dmap" check rules-unique.dmap
run 0 "lint: 20,000-rule unique table" "$dmap" lint rules-unique.dmap
run 0 "lint: one condition of 20,000 or terms" "$dmap" lint or.dmap
run 0 "lint: one condition of 20,000 and terms" "$dmap" lint and.dmap
run 1 "check: one rule misspelling a field 2,000 times" "$dmap" check typos.dmap
typos=$(wc -c < "$tmp/err.txt")
run 1 "check: 100,000-deep parentheses" "$dmap" check parens.dmap
run 1 "check: a chain of 20,000 named conditions" "$dmap" check chain.dmap
run 1 "fmt --check: a 1,000-term rule among 4,000 short ones" "$dmap" fmt --check pad.dmap
cp pad.dmap padded.dmap
"$dmap" fmt padded.dmap
run 0 "fmt again (idempotent)" "$dmap" fmt --check padded.dmap
run 0 "diff: formatted = original, over every case" "$dmap" diff pad.dmap padded.dmap --fail-on-change
run 1 "simulate: 200,000 rows, 400 stray quotes" "$dmap" simulate stray.dmap --cases stray.csv
echo "  pad.dmap: $(wc -c < pad.dmap) bytes, formatted $(wc -c < padded.dmap) bytes"
echo "  typos: $typos bytes of diagnostics"
grep -E -A1 "^  lines:|^ROWS THAT SWALLOWED" "$tmp/out.txt" | grep -v "^--" | sed 's/^/  stray: /'
exit $failed
