#!/usr/bin/env bash
# Renders an SVG or HTML file in headless Chromium, checks that it loaded cleanly, and saves a PNG.
#
#   scripts/screenshot.sh INPUT.svg OUTPUT.png [--size WxH] [--scale N] [--expect ID]...
#
# The check fails (exit 1) when the page has an XML/HTML parse error, a console error or an
# uncaught exception, or when an element id given with --expect is missing from the loaded page.
# The window size defaults to the SVG's own width and height (read from its root element), or
# 1400x1000 for HTML. Needs chromium (Debian: apt-get install chromium); exits 3 without it.
# Usage errors exit 2.
set -euo pipefail

usage() { echo "usage: $0 INPUT.svg|INPUT.html OUTPUT.png [--size WxH] [--scale N] [--expect ID]..." >&2; exit 2; }
[ $# -ge 2 ] || usage
input=$1 output=$2
shift 2
size="" scale=1 expect=()
while [ $# -gt 0 ]; do
  case $1 in
    --size) size=${2:?}; shift 2 ;;
    --scale) scale=${2:?}; shift 2 ;;
    --expect) expect+=("${2:?}"); shift 2 ;;
    *) usage ;;
  esac
done
[ -f "$input" ] || { echo "screenshot: no such file: $input" >&2; exit 2; }

browser=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
done
[ -n "$browser" ] || { echo "screenshot: chromium not found on PATH (apt-get install chromium)" >&2; exit 3; }

if [ -z "$size" ]; then
  if [[ $input == *.svg ]]; then
    root=$(tr '\n' ' ' < "$input" | grep -o '<svg[^>]*>' | head -n 1)
    w=$(grep -o ' width="[0-9]*"' <<<"$root" | grep -o '[0-9]*' || true)
    h=$(grep -o ' height="[0-9]*"' <<<"$root" | grep -o '[0-9]*' || true)
    size="${w:-1400}x${h:-1000}"
  else
    size=1400x1000
  fi
fi
url="file://$(cd "$(dirname "$input")" && pwd)/$(basename "$input")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(--headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run --disable-extensions
       --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --force-device-scale-factor="$scale")

# 1. Load the page and dump the DOM Chromium built: parse errors show up in it, console errors in the log.
timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/dom.log" || {
  echo "screenshot: chromium failed to load $input" >&2; cat "$work/dom.log" >&2; exit 1; }
failed=0
if grep -q -e 'parsererror' -e 'This page contains the following errors' "$work/dom.html"; then
  echo "screenshot: $input does not parse:" >&2
  grep -o 'This page contains the following errors.\{0,300\}' "$work/dom.html" >&2 || true
  failed=1
fi
if grep -E 'Uncaught|ERROR:CONSOLE|CONSOLE\([0-9]+\).*[Ee]rror' "$work/dom.log" >&2; then
  echo "screenshot: console errors while loading $input" >&2
  failed=1
fi
for id in "${expect[@]+"${expect[@]}"}"; do
  if ! grep -q "id=\"$id\"" "$work/dom.html"; then
    echo "screenshot: element #$id is missing from the loaded page" >&2
    failed=1
  fi
done
[ $failed -eq 0 ] || exit 1

# 2. Take the picture.
timeout 120 "$browser" "${flags[@]}" --screenshot="$work/out.png" --window-size="${size/x/,}" "$url" \
  >"$work/shot.log" 2>&1 || { echo "screenshot: chromium failed to take the screenshot" >&2; cat "$work/shot.log" >&2; exit 1; }
[ -s "$work/out.png" ] || { echo "screenshot: no PNG written" >&2; cat "$work/shot.log" >&2; exit 1; }
mkdir -p "$(dirname "$output")"
cp "$work/out.png" "$output"
echo "screenshot: $output (${size}, scale $scale): loaded without errors"
