#!/usr/bin/env bash
# The language server on every prefix of every bundled map, cut between any two characters
# (the unit test cuts at a stride of 7 bytes and at line ends), on a release build:
#
#   scripts/lsp-prefixes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DMAP_LSP_ALL_PREFIXES=1 swift test -c release --filter 'RobustnessTests/testEveryPrefixOfEveryBundledMap'
