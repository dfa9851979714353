#!/usr/bin/env bash
# Regenerates the pictures of the HTML report in docs/images from the bundled triage sample (and the
# threshold sweep of the insurance sample):
#
#   scripts/report-images.sh
#
# Renders the report with `dmap simulate --html`, loads it in headless Chromium (checked by
# scripts/screenshot.sh: no parse or console error, every section present), takes one tall
# screenshot 1200 px wide and cuts it at the sections' tops, which the browser measures. Needs
# chromium and python3; exits 3 without chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
done
[ -n "$browser" ] || { echo "report-images: chromium not found on PATH (apt-get install chromium)" >&2; exit 3; }

swift build --product dmap >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The sample has gaps, so simulate exits 1; the page is written all the same.
status=0
.build/debug/dmap simulate decision-maps/customer-triage.dmap --cases decision-maps/customer-triage.cases.csv \
  --expect expected_route --per-week 5000 --html "$work/report.html" >/dev/null || status=$?
[ "$status" -le 1 ] || exit "$status"

# Where each section starts, and how tall the page is, at the screenshot's width.
measure='<pre id="offsets"></pre><script>
const ids = ["gaps", "coverage", "workload", "agreement", "rejects"];
document.getElementById("offsets").textContent = ids.map(id => id + "=" + Math.round(document.getElementById(id).getBoundingClientRect().top + scrollY)).join(" ")
  + " height=" + document.documentElement.scrollHeight;
</script></body>'
sed "s#</body>#$(printf '%s' "$measure" | tr '\n' ' ')#" "$work/report.html" > "$work/measure.html"
offsets=$("$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run --user-data-dir="$work/profile" \
  --window-size=1200,1000 --dump-dom "file://$work/measure.html" 2>/dev/null | grep -o '<pre id="offsets">[^<]*' | cut -d'>' -f2)
declare -A top
for pair in $offsets; do top[${pair%%=*}]=${pair#*=}; done
echo "report-images: sections at $offsets"

scripts/screenshot.sh "$work/report.html" "$work/full.png" --size "1200x${top[height]}" \
  --expect summary --expect routes --expect segments --expect gaps --expect coverage --expect data-quality \
  --expect workload --expect agreement --expect rejects --expect map
margin=16  # a little space above each cut, so a section does not start at the picture's edge
scripts/crop-png.py "$work/full.png" docs/images/report-customer-triage.png 0 $((top[gaps] - margin))
scripts/crop-png.py "$work/full.png" docs/images/report-customer-triage-gaps.png $((top[gaps] - margin)) $((top[coverage] - top[gaps]))
scripts/crop-png.py "$work/full.png" docs/images/report-customer-triage-coverage.png $((top[coverage] - margin)) $((top[workload] - top[coverage]))
scripts/crop-png.py "$work/full.png" docs/images/report-customer-triage-workload.png $((top[workload] - margin)) $((top[agreement] - top[workload]))
scripts/crop-png.py "$work/full.png" docs/images/report-customer-triage-agreement.png $((top[agreement] - margin)) $((top[rejects] - top[agreement]))
ls -l docs/images/report-customer-triage*.png

# The threshold sweep of the insurance sample: the recommendation and the section "Choosing a threshold".
.build/debug/dmap simulate decision-maps/insurance-claims.dmap --cases decision-maps/insurance-claims.cases.csv \
  --expect expected_route --sweep otherwise=0.5..1/0.05 --target 'automated-error<=3.5%' --html "$work/sweep.html" >/dev/null
measure='<pre id="offsets"></pre><script>
const ids = ["thresholds", "routes"];
document.getElementById("offsets").textContent = ids.map(id => id + "=" + Math.round(document.getElementById(id).getBoundingClientRect().top + scrollY)).join(" ")
  + " height=" + document.documentElement.scrollHeight;
</script></body>'
sed "s#</body>#$(printf '%s' "$measure" | tr '\n' ' ')#" "$work/sweep.html" > "$work/measure-sweep.html"
offsets=$("$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run --user-data-dir="$work/profile" \
  --window-size=1200,1000 --dump-dom "file://$work/measure-sweep.html" 2>/dev/null | grep -o '<pre id="offsets">[^<]*' | cut -d'>' -f2)
for pair in $offsets; do top[${pair%%=*}]=${pair#*=}; done
scripts/screenshot.sh "$work/sweep.html" "$work/sweep.png" --size "1200x${top[height]}" --expect recommendation --expect thresholds
scripts/crop-png.py "$work/sweep.png" docs/images/report-insurance-sweep.png $((top[thresholds] - margin)) $((top[routes] - top[thresholds]))
ls -l docs/images/report-insurance-sweep.png
