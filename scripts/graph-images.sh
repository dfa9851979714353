#!/usr/bin/env bash
# Regenerates the `dmap graph` pictures in docs/images from the example maps: the SVG as dmap
# writes it, and a PNG of it as Chromium shows it (see scripts/screenshot.sh, which also checks
# that the page loads without errors). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product dmap >/dev/null
mkdir -p docs/images
for map in customer-triage insurance-claims; do
  .build/debug/dmap graph "decision-maps/$map.dmap" --lint --output "docs/images/graph-$map.svg"
  scripts/screenshot.sh "docs/images/graph-$map.svg" "docs/images/graph-$map.png" --expect stage_routes --expect legend
done
